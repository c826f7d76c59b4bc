package dev.overtime.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** ObjectStore against a real S3 server (S3Proxy, signatures checked): bytes, digests, URLs, deletes, listings. */
class ObjectStoreTest {

    private static final String PNG = "image/png";
    private static final ObjectStore STORE = TestStores.store();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Test
    void putsThreeMegabytesAndGetsTheSameBytesWithTheirSha256() throws Exception {
        byte[] bytes = randomBytes(3 * 1024 * 1024);
        String key = newKey();

        StoredObject stored = STORE.put(key, new ByteArrayInputStream(bytes), bytes.length, PNG);

        assertEquals(new StoredObject(key, bytes.length, sha256(bytes), PNG), stored);
        try (ObjectContent content = STORE.get(key)) {
            assertEquals(bytes.length, content.size());
            assertEquals(PNG, content.contentType());
            assertArrayEquals(bytes, content.readAllBytes());
        }
        assertEquals(bytes.length, STORE.head(key).size());
    }

    @Test
    void putsAStreamOfUnknownLength() throws Exception {
        byte[] bytes = randomBytes(700_000);
        String key = newKey();

        StoredObject stored = STORE.put(key, new ByteArrayInputStream(bytes), "image/webp");

        assertEquals(new StoredObject(key, bytes.length, sha256(bytes), "image/webp"), stored);
        try (ObjectContent content = STORE.get(key)) {
            assertEquals("image/webp", content.contentType());
            assertArrayEquals(bytes, content.readAllBytes());
        }
    }

    @Test
    void aPresignedUrlServesTheObjectWithoutCredentialsUntilItExpires() throws Exception {
        byte[] bytes = randomBytes(50_000);
        String key = newKey();
        STORE.put(key, new ByteArrayInputStream(bytes), bytes.length, PNG);

        URI lasting = STORE.presignGet(key, Duration.ofMinutes(15));
        HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(lasting).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertArrayEquals(bytes, served.body());
        assertEquals(PNG, served.headers().firstValue("Content-Type").orElse(""));

        // X-Amz-Date has whole seconds: 3 s leave at least 2 to prove the URL works before it expires.
        URI brief = STORE.presignGet(key, Duration.ofSeconds(3));
        assertEquals(200, status(brief), "valid at first");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(brief) == 403);
        assertEquals(200, status(lasting), "only the expired URL stopped working");
    }

    @Test
    void aPresignedUrlIsScopedToItsObject() throws Exception {
        String key = newKey();
        STORE.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, PNG);
        URI url = STORE.presignGet(key, Duration.ofMinutes(5));

        URI other = URI.create(url.toString().replace(key, newKey()));

        assertEquals(403, status(other), "the signature covers the key");
    }

    @Test
    void deletesAnObjectAndDeletingAgainIsFine() {
        String key = newKey();
        STORE.put(key, new ByteArrayInputStream(new byte[] {1}), 1, PNG);
        assertTrue(STORE.exists(key));

        STORE.delete(key);
        STORE.delete(key);

        assertFalse(STORE.exists(key));
        assertThrows(ObjectNotFoundException.class, () -> STORE.get(key));
    }

    @Test
    void aMissingKeyIsAnObjectNotFoundException() {
        String key = newKey();

        ObjectNotFoundException onGet = assertThrows(ObjectNotFoundException.class, () -> STORE.get(key));
        ObjectNotFoundException onHead = assertThrows(ObjectNotFoundException.class, () -> STORE.head(key));

        assertEquals(key, onGet.key());
        assertEquals(key, onHead.key());
        assertFalse(STORE.exists(key));
    }

    @Test
    void listsOnlyObjectsUnderThePrefixLastModifiedBeforeTheCutoff() {
        String folder = "sweep-" + UUID.randomUUID() + "/";
        STORE.put(folder + "old", new ByteArrayInputStream(new byte[10]), 10, PNG);
        STORE.put("elsewhere-" + UUID.randomUUID(), new ByteArrayInputStream(new byte[1]), 1, PNG);

        Instant afterTheOldOne = Instant.now().plusSeconds(1);
        List<ObjectInfo> older = STORE.listOlderThan(folder, afterTheOldOne).toList();
        List<ObjectInfo> olderThanAnHourAgo = STORE.listOlderThan(folder, Instant.now().minus(Duration.ofHours(1))).toList();

        assertEquals(List.of(folder + "old"), older.stream().map(ObjectInfo::key).toList());
        assertEquals(10, older.getFirst().size());
        assertEquals(List.of(), olderThanAnHourAgo);
    }

    @Test
    void aStreamThatFailsMidwayLeavesNoObject() {
        String known = newKey();
        String unknown = newKey();

        assertThrows(RuntimeException.class, () -> STORE.put(known, failingAfter(200_000), 400_000, PNG));
        assertThrows(RuntimeException.class, () -> STORE.put(unknown, failingAfter(200_000), PNG));

        assertFalse(STORE.exists(known), "no object from the aborted upload of known length");
        assertFalse(STORE.exists(unknown), "nothing uploaded from a failed spool");
    }

    @Test
    void aStreamShorterThanItsDeclaredLengthLeavesNoObject() {
        String key = newKey();

        assertThrows(RuntimeException.class, () -> STORE.put(key, new ByteArrayInputStream(new byte[100]), 1000, PNG));

        assertFalse(STORE.exists(key));
    }

    @Test
    void keysGetTheConfiguredPrefixAndComeBackWithout() {
        String folder = "prefixed-" + UUID.randomUUID() + "/";
        try (ObjectStore prefixed = new ObjectStore(TestStores.config(TestStores.s3().bucket(), Optional.of("env-a/"), false,
                TestStores.s3().secretKey()))) {
            prefixed.put(folder + "x", new ByteArrayInputStream(new byte[] {7}), 1, PNG);

            assertTrue(STORE.exists("env-a/" + folder + "x"), "stored under the prefix");
            assertFalse(STORE.exists(folder + "x"));
            assertEquals(List.of(folder + "x"),
                    prefixed.listOlderThan(folder, Instant.now().plusSeconds(5)).map(ObjectInfo::key).toList());
        }
    }

    @Test
    void createsAMissingBucketWhenAskedTo() {
        String bucket = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        try (ObjectStore store = new ObjectStore(TestStores.config(bucket, Optional.empty(), true, TestStores.s3().secretKey()))) {
            store.put("k", new ByteArrayInputStream(new byte[] {1, 2}), 2, PNG);

            assertEquals(2, store.head("k").size());
        }
    }

    @Test
    void aWrongSecretIsRefused() {
        try (ObjectStore impostor = new ObjectStore(TestStores.config(TestStores.s3().bucket(), Optional.empty(), false,
                "not-the-secret"))) {
            // A read, not a put: refusing a put, S3Proxy may close the connection while the body is still being sent,
            // which the client sees as a broken connection rather than the 403.
            S3Exception refused = assertThrows(S3Exception.class, () -> impostor.get(newKey()));

            assertEquals(403, refused.statusCode());
        }
    }

    private static int status(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static InputStream failingAfter(int bytes) {
        return new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= bytes) {
                    throw new IOException("the client went away");
                }
                return 42;
            }
        };
    }

    private static String newKey() {
        return "test/" + UUID.randomUUID() + ".png";
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
