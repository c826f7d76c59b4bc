package dev.overtime.common.net;

import dev.overtime.common.net.AddressPolicy.Admit;
import dev.overtime.common.net.AddressPolicy.Reason;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one rule for caller-chosen URLs: public only in production; loopback for a local stack's webhooks; loopback and
 * private networks for local image hosts, and even then never link-local, metadata or other special-purpose space.
 */
class AddressPolicyTest {

    @Test
    void productionAdmitsPublicAddressesOnly() throws UnknownHostException {
        assertNull(AddressPolicy.judge(ip("8.8.8.8"), Admit.PUBLIC));
        assertEquals(Reason.LOOPBACK, AddressPolicy.judge(ip("127.0.0.1"), Admit.PUBLIC));
        assertEquals(Reason.SPECIAL_PURPOSE, AddressPolicy.judge(ip("10.1.2.3"), Admit.PUBLIC));
        assertEquals(Reason.SPECIAL_PURPOSE, AddressPolicy.judge(ip("169.254.169.254"), Admit.PUBLIC));
    }

    @Test
    void loopbackAdmitsLoopbackButNotPrivateNetworks() throws UnknownHostException {
        assertNull(AddressPolicy.judge(ip("127.0.0.1"), Admit.LOOPBACK));
        assertNull(AddressPolicy.judge(ip("::1"), Admit.LOOPBACK));
        assertEquals(Reason.SPECIAL_PURPOSE, AddressPolicy.judge(ip("192.168.1.10"), Admit.LOOPBACK));
    }

    @Test
    void privateNetworksForLocalTestingStillNeverReachLinkLocalOrOtherSpecialSpace() throws UnknownHostException {
        for (String admitted : List.of("127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.10", "fd12:3456::1")) {
            assertNull(AddressPolicy.judge(ip(admitted), Admit.LOOPBACK_AND_PRIVATE), admitted);
        }
        for (String refused : List.of("169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "fe80::1",
                "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe")) {
            assertEquals(Reason.SPECIAL_PURPOSE, AddressPolicy.judge(ip(refused), Admit.LOOPBACK_AND_PRIVATE), refused);
        }
    }

    @Test
    void resolvesLiteralsWithoutDnsAndNamesTheAddressThatDecided() throws Exception {
        assertEquals(List.of(ip("8.8.8.8")), AddressPolicy.resolve("8.8.8.8", Admit.PUBLIC));
        AddressPolicy.RefusedAddress refused = assertThrows(AddressPolicy.RefusedAddress.class,
                () -> AddressPolicy.resolve("[::1]", Admit.PUBLIC));
        assertEquals(Reason.LOOPBACK, refused.reason());
        assertTrue(refused.getMessage().contains("resolves to 0:0:0:0:0:0:0:1, a loopback address"), refused.getMessage());
        assertEquals(Reason.UNRESOLVED, assertThrows(AddressPolicy.RefusedAddress.class,
                () -> AddressPolicy.resolve("no-such-host.invalid", Admit.PUBLIC)).reason());
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
