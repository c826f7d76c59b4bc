package dev.overtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A 45 MB object through a 64 MB heap (storage's surefire runs with -Xmx64m): holding it whole, let alone twice,
 * would end this JVM, so passing proves put and get stream.
 */
class LargeObjectTest {

    private static final long SIZE = 45L * 1024 * 1024;
    private static final ObjectStore STORE = TestStores.store();

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Test
    void putsAndGetsFortyFiveMegabytesOfKnownLengthInBoundedMemory() throws Exception {
        assertHeapTooSmallToHoldItTwice();
        String key = "large/" + UUID.randomUUID();
        Generated source = new Generated(SIZE, 45);

        StoredObject stored = STORE.put(key, source, SIZE, "image/png");

        assertEquals(SIZE, stored.size());
        assertEquals(source.sha256Hex(), stored.sha256Hex());
        assertEquals(stored.sha256Hex(), sha256OfStored(key));
        STORE.delete(key);
    }

    @Test
    void putsFortyFiveMegabytesOfUnknownLengthInBoundedMemory() throws Exception {
        assertHeapTooSmallToHoldItTwice();
        String key = "large/" + UUID.randomUUID();
        Generated source = new Generated(SIZE, 46);

        StoredObject stored = STORE.put(key, source, "image/png");

        assertEquals(SIZE, stored.size());
        assertEquals(source.sha256Hex(), stored.sha256Hex());
        assertEquals(stored.sha256Hex(), sha256OfStored(key));
        STORE.delete(key);
    }

    private static void assertHeapTooSmallToHoldItTwice() {
        long max = Runtime.getRuntime().maxMemory();
        assertTrue(max < 2 * SIZE, "run with a small heap (surefire's -Xmx64m), not " + max / (1024 * 1024) + " MB");
    }

    private static String sha256OfStored(String key) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (ObjectContent content = STORE.get(key);
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            assertEquals(SIZE, content.size());
            assertEquals(SIZE, content.transferTo(sink));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Pseudo-random bytes made as they are read, digested on the way: the test never holds them either. */
    private static final class Generated extends InputStream {

        private final Random random;
        private final MessageDigest digest;
        private long remaining;

        Generated(long size, long seed) throws Exception {
            this.random = new Random(seed);
            this.digest = MessageDigest.getInstance("SHA-256");
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            digest.update(chunk);
            remaining -= n;
            return n;
        }

        String sha256Hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
