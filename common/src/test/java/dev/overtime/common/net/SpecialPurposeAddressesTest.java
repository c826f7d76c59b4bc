package dev.overtime.common.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A caller-chosen URL (webhook, image input) may reach public addresses only: never a special-purpose one, nor IPv4 hidden inside IPv6. */
class SpecialPurposeAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "0.0.0.0", "10.1.2.3", "100.64.0.1", "100.127.255.254", "127.0.0.1", "169.254.169.254", "172.16.0.1",
            "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.168.1.1",
            "192.175.48.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255",
            // IPv6: unspecified, loopback, IPv4-mapped and IPv4-compatible metadata address, NAT64 (both prefixes),
            // 6to4, Teredo, documentation, discard-only, unique local, link local, site local, multicast
            "::", "::1", "::ffff:169.254.169.254", "::169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a9fe:a9fe",
            "2002:a9fe:a9fe::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "3fff::1", "100::1", "fc00::1",
            "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "5f00::1"})
    void refusesSpecialPurposeAndEmbeddedIpv4Addresses(String literal) throws UnknownHostException {
        assertTrue(SpecialPurposeAddresses.contains(InetAddress.getByName(literal)), literal + " is refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.0.3.1",
            "198.20.0.1", "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e", "2001:4860:4860::8888"})
    void admitsPublicAddresses(String literal) throws UnknownHostException {
        assertFalse(SpecialPurposeAddresses.contains(InetAddress.getByName(literal)), literal + " is public");
    }
}
