package dev.overtime.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a replica remembers to keep bad keys away from the database: unknown keys, and failures per address. */
class KeyLookupMemoryTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void anUnknownKeyIsRememberedForItsTtl() {
        UnknownKeys unknown = new UnknownKeys(Duration.ofSeconds(30), 10, now::get);
        unknown.remember("h1");
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertTrue(unknown.isKnownUnknown("h1"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(unknown.isKnownUnknown("h1"));
    }

    @Test
    void unknownKeysStayWithinTheirCapacity() {
        UnknownKeys unknown = new UnknownKeys(Duration.ofSeconds(30), 3, now::get);
        for (int i = 0; i < 10; i++) {
            unknown.remember("h" + i);
        }
        assertTrue(unknown.isKnownUnknown("h9"));
        assertFalse(unknown.isKnownUnknown("h0"));
    }

    @Test
    void anAddressRunsOutOfFailedLookupsAndGetsThemBackOverAMinute() {
        FailedLookups failures = new FailedLookups(3, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(failures.reserve("10.0.0.1", "bad" + i).allowed());
        }
        FailedLookups.Reservation throttled = failures.reserve("10.0.0.1", "bad3");
        assertFalse(throttled.allowed());
        assertEquals(20, throttled.retryAfterSeconds(), "3 a minute: one every 20 s");
        assertTrue(failures.reserve("10.0.0.2", "bad4").allowed(), "another address is not affected");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertTrue(failures.reserve("10.0.0.1", "bad5").allowed());
    }

    @Test
    void aSuccessfulLookupCostsNothing() {
        FailedLookups failures = new FailedLookups(1, now::get);
        for (int i = 0; i < 5; i++) {
            FailedLookups.Reservation reservation = failures.reserve("10.0.0.1", "good" + i);
            assertTrue(reservation.allowed());
            failures.succeeded("10.0.0.1", "good" + i, reservation);
        }
    }

    @Test
    void aKeySeenValidIsLookedUpWhateverItsAddressDidUntilItFails() {
        FailedLookups failures = new FailedLookups(1, now::get);
        FailedLookups.Reservation first = failures.reserve("10.0.0.1", "good");
        failures.succeeded("10.0.0.1", "good", first);
        assertTrue(failures.reserve("10.0.0.1", "bad").allowed());
        assertFalse(failures.reserve("10.0.0.1", "other").allowed(), "the address is out of failures");

        FailedLookups.Reservation again = failures.reserve("10.0.0.1", "good");
        assertTrue(again.allowed());
        assertFalse(again.charged());
        failures.failed("good");
        assertFalse(failures.reserve("10.0.0.1", "good").allowed(), "revoked since: treated like any other key");
    }

    @Test
    void ipv6ClientsCountByTheirSlash64() {
        assertEquals(FailedLookups.blockOf("2001:db8:1:2:aaaa::1"), FailedLookups.blockOf("2001:db8:1:2:bbbb::99"));
        assertFalse(FailedLookups.blockOf("2001:db8:1:2::1").equals(FailedLookups.blockOf("2001:db8:1:3::1")));
        assertEquals("2001:0db8:0001:0002::/64", FailedLookups.blockOf("[2001:db8:1:2::5]"));
        assertEquals("192.0.2.7", FailedLookups.blockOf("192.0.2.7"));
        assertEquals("not-an-address", FailedLookups.blockOf("not-an-address"), "never resolved");
    }
}
