package dev.overtime.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Signs and reads job tokens: {@code jt_} and the base64url of a version byte, the job id, the minting key's id, the
 * expiry in epoch seconds, and an HMAC-SHA256 of those bytes. Stateless on purpose: any replica that knows the secret
 * reads a token without asking the database whether it exists.
 */
// The first secret signs; every secret is tried when reading, so a rotated-out secret keeps its tokens valid.
final class JobTokenCodec {

    static final String PREFIX = "jt_";
    private static final byte VERSION = 1;
    private static final int CLAIMS = 1 + 16 + 16 + 8;
    private static final int MAC = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_CHARS = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What reading a presented token came to. */
    sealed interface Read {
        record Valid(JobToken token) implements Read {
        }

        /** Authentic, but past its expiry. */
        record Expired(JobToken token) implements Read {
        }

        /** Malformed, or signed with no secret this replica knows. */
        record Invalid() implements Read {
        }
    }

    private final List<SecretKeySpec> secrets;
    private final Clock clock;

    JobTokenCodec(List<String> secrets, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one job token secret is needed");
        }
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_SECRET_CHARS) {
                throw new IllegalArgumentException("overtime.api.job-tokens secrets must be at least "
                        + MIN_SECRET_CHARS + " characters (openssl rand -hex 32)");
            }
        }
        this.secrets = secrets.stream()
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM)).toList();
        this.clock = clock;
    }

    static boolean looksLikeToken(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    String sign(JobToken token) {
        ByteBuffer bytes = ByteBuffer.allocate(CLAIMS + MAC);
        bytes.put(VERSION);
        putUuid(bytes, token.jobId());
        putUuid(bytes, token.keyId());
        bytes.putLong(token.expiresAt().getEpochSecond());
        bytes.put(mac(secrets.getFirst(), bytes.array()));
        return PREFIX + ENCODER.encodeToString(bytes.array());
    }

    Read read(String presented) {
        if (!looksLikeToken(presented)) {
            return new Read.Invalid();
        }
        String encoded = presented.substring(PREFIX.length());
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Read.Invalid();
        }
        // Only the one spelling we mint: the last character's unused bits could otherwise vary, one token many strings.
        boolean canonical = ENCODER.encodeToString(bytes).equals(encoded);
        if (!canonical || bytes.length != CLAIMS + MAC || bytes[0] != VERSION || !signedByOurs(bytes)) {
            return new Read.Invalid();
        }
        ByteBuffer claims = ByteBuffer.wrap(bytes, 1, CLAIMS - 1);
        JobToken token = new JobToken(getUuid(claims), getUuid(claims), Instant.ofEpochSecond(claims.getLong()));
        return clock.instant().isBefore(token.expiresAt()) ? new Read.Valid(token) : new Read.Expired(token);
    }

    private boolean signedByOurs(byte[] bytes) {
        byte[] presentedMac = Arrays.copyOfRange(bytes, CLAIMS, CLAIMS + MAC);
        byte[] claims = Arrays.copyOf(bytes, CLAIMS);
        for (SecretKeySpec secret : secrets) {
            // Constant time: how far a forged MAC matched must not show in the answer's timing.
            if (MessageDigest.isEqual(presentedMac, mac(secret, claims))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mac(SecretKeySpec secret, byte[] message) {
        try {
            // A Mac is not thread-safe; a fresh one costs less than coordinating a shared one across event loops.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            mac.update(message, 0, CLAIMS);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void putUuid(ByteBuffer bytes, UUID id) {
        bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer bytes) {
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
