package dev.overtime.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecentKeysTest {

    private static final ResolvedKey ACME = new ResolvedKey(UUID.randomUUID(), "acme");

    private final AtomicLong now = new AtomicLong(1_000);

    private static ResolvedKey key(String owner) {
        return new ResolvedKey(UUID.nameUUIDFromBytes(owner.getBytes()), owner);
    }

    @Test
    void remembersAnOwnerUntilTheTtlRunsOut() {
        RecentKeys keys = new RecentKeys(Duration.ofSeconds(30), 10, now::get);
        keys.remember("h1", ACME, keys.revocationMark());
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertEquals(Optional.of(ACME), keys.key("h1"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Optional.empty(), keys.key("h1"));
    }

    @Test
    void forgetsARevokedKeyAtOnce() {
        RecentKeys keys = new RecentKeys(Duration.ofSeconds(30), 10, now::get);
        keys.remember("h1", ACME, keys.revocationMark());
        keys.forget("h1");
        assertEquals(Optional.empty(), keys.key("h1"));
    }

    @Test
    void aLookupThatBeganBeforeARevocationIsNotRemembered() {
        RecentKeys keys = new RecentKeys(Duration.ofSeconds(30), 10, now::get);
        long mark = keys.revocationMark();
        // The database said "active"; meanwhile an operator revoked the key and its commit landed.
        keys.forget("h1");
        keys.remember("h1", ACME, mark);
        assertEquals(Optional.empty(), keys.key("h1"));

        keys.remember("h1", ACME, keys.revocationMark());
        assertEquals(Optional.of(ACME), keys.key("h1"));
    }

    @Test
    void aZeroTtlRemembersNothing() {
        RecentKeys keys = new RecentKeys(Duration.ZERO, 10, now::get);
        keys.remember("h1", ACME, keys.revocationMark());
        assertEquals(Optional.empty(), keys.key("h1"));
    }

    @Test
    void staysWithinItsCapacity() {
        RecentKeys keys = new RecentKeys(Duration.ofSeconds(30), 3, now::get);
        for (int i = 0; i < 3; i++) {
            keys.remember("h" + i, key("owner" + i), keys.revocationMark());
        }
        keys.remember("h3", key("owner3"), keys.revocationMark());
        assertEquals(Optional.of(key("owner3")), keys.key("h3"));
        assertEquals(Optional.empty(), keys.key("h0"));
    }
}
