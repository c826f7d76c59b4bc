package dev.overtime.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobTokenCodecTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";
    private static final String OLD_SECRET = "an-older-secret-of-thirty-two-characters-or-more";
    private static final Instant EXPIRY = Instant.parse("2026-06-01T12:00:00Z");
    private static final JobToken TOKEN = new JobToken(UUID.randomUUID(), UUID.randomUUID(), EXPIRY);

    private static JobTokenCodec at(Instant now, String... secrets) {
        return new JobTokenCodec(List.of(secrets), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void readsBackWhatItSignedUntilTheExpiry() {
        String signed = at(EXPIRY.minusSeconds(900), SECRET).sign(TOKEN);
        assertTrue(signed.startsWith("jt_"), signed);
        JobTokenCodec.Read read = at(EXPIRY.minusSeconds(1), SECRET).read(signed);
        assertEquals(TOKEN, assertInstanceOf(JobTokenCodec.Read.Valid.class, read).token());
    }

    @Test
    void aTokenExpiresAtItsExpiry() {
        String signed = at(EXPIRY.minusSeconds(900), SECRET).sign(TOKEN);
        assertInstanceOf(JobTokenCodec.Read.Expired.class, at(EXPIRY, SECRET).read(signed));
        assertInstanceOf(JobTokenCodec.Read.Expired.class, at(EXPIRY.plusSeconds(3600), SECRET).read(signed));
    }

    @Test
    void anyChangedCharacterMakesItInvalid() {
        JobTokenCodec codec = at(EXPIRY.minusSeconds(900), SECRET);
        String signed = codec.sign(TOKEN);
        for (int i = 3; i < signed.length(); i++) {
            // Every other character, the last one's unused bits included.
            for (char replaced : "ABQgw-_".toCharArray()) {
                if (replaced != signed.charAt(i)) {
                    String tampered = signed.substring(0, i) + replaced + signed.substring(i + 1);
                    assertInstanceOf(JobTokenCodec.Read.Invalid.class, codec.read(tampered), "changed at " + i);
                }
            }
        }
        assertInstanceOf(JobTokenCodec.Read.Invalid.class, codec.read(signed + "A"));
        assertInstanceOf(JobTokenCodec.Read.Invalid.class, codec.read("jt_"));
        assertInstanceOf(JobTokenCodec.Read.Invalid.class, codec.read("jt_!!!"));
        assertInstanceOf(JobTokenCodec.Read.Invalid.class, codec.read("ovt_0123456789abcdef"));
    }

    @Test
    void aTokenOfAnotherSecretIsInvalidUnlessThatSecretIsStillAccepted() {
        String signedWithOld = at(EXPIRY.minusSeconds(900), OLD_SECRET).sign(TOKEN);
        assertInstanceOf(JobTokenCodec.Read.Invalid.class, at(EXPIRY.minusSeconds(1), SECRET).read(signedWithOld));
        // Rotation: the new secret signs, the old one is still read.
        assertInstanceOf(JobTokenCodec.Read.Valid.class,
                at(EXPIRY.minusSeconds(1), SECRET, OLD_SECRET).read(signedWithOld));
        String signedWithNew = at(EXPIRY.minusSeconds(900), SECRET, OLD_SECRET).sign(TOKEN);
        assertInstanceOf(JobTokenCodec.Read.Valid.class, at(EXPIRY.minusSeconds(1), SECRET).read(signedWithNew));
    }

    @Test
    void refusesShortSecrets() {
        assertThrows(IllegalArgumentException.class, () -> at(EXPIRY, "too-short"));
        assertThrows(IllegalArgumentException.class, () -> at(EXPIRY, SECRET, "too-short"));
    }
}
