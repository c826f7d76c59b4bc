package dev.overtime.api.storage;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.api.request.UploadAdmission;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code outputs.redirect=false} the API streams outputs from the store itself; and upload bytes in flight are
 * bounded: an upload that would pass the budget is answered 503 OVERLOADED before its body is read.
 */
@QuarkusTest
@TestProfile(PrivateBucketProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class StreamedOutputsAndUploadBudgetTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectStore store;

    @Inject
    UploadAdmission admission;

    @Test
    void streamsTheOutputsBytesThroughTheApi() {
        Fixtures.Caller caller = fixtures.newCaller();
        UUID jobId = UUID.fromString(submit(caller).then().statusCode(202).extract().path("id"));
        byte[] output = TestImages.photo(300, 200);
        StoredObject object = store.put(ObjectKeys.output(jobId, 1, 0), new ByteArrayInputStream(output), output.length,
                "image/png");
        fixtures.execute("""
                insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes, object_key,
                                                sha256, expires_at, created_at)
                values (?, 0, 'image/png', 300, 200, ?, ?, decode(?, 'hex'), now() + interval '1 day', now())""", jobId, output.length,
                object.key(), object.sha256Hex());

        Response image = given().redirects().follow(false).header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + jobId + "/outputs/0");
        image.then().statusCode(200).contentType("image/png").header("Content-Length", String.valueOf(output.length))
                .header("Cache-Control", "private, max-age=31536000, immutable");
        assertArrayEquals(output, image.asByteArray());
    }

    @Test
    void whileOneUploadHoldsTheBudgetTheNextIsRefusedBeforeItsBodyIsReadAndAdmittedOnceItEnds() throws Exception {
        Fixtures.Caller caller = fixtures.newCaller();
        // Declares nearly the whole budget and sends only its head: the bytes stay reserved while the body is awaited.
        Socket slow = uploadHead(caller, PrivateBucketProfile.UPLOAD_BUDGET - 1_000);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> submit(caller).statusCode() == 503);
            submit(caller).then().statusCode(503).body("code", equalTo("OVERLOADED")).header("Retry-After", "2");
            try (Socket refused = uploadHead(caller, 200_000)) {
                String answer = readAnswer(refused);
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.contains("\"code\":\"OVERLOADED\""), answer);
                assertTrue(answer.toLowerCase().contains("connection: close"), answer);
                // Its body was never read: the server closes the connection rather than wait for it.
                assertEquals(-1, refused.getInputStream().read());
            }
        } finally {
            slow.close();
        }
        // The abandoned upload's answer ends with its connection, and its bytes are given back.
        await().atMost(Duration.ofSeconds(10)).until(() -> submit(caller).statusCode() == 202);
    }

    @Test
    void aSubmitHeldInPreferWaitHoldsOnlyTheBytesItSentNotTheBodyLimitItDeclaredNone() throws Exception {
        Fixtures.Caller caller = fixtures.newCaller();
        long before = admission.inFlightBytes();
        // Rest Assured sends multipart chunked, with no Content-Length: admitted as the whole body limit (64 MiB).
        CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=15")
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "hold me").post("/v1/image-edits"));
        try {
            // No worker here: the job stays queued and the answer is held for the whole wait.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> admission.inFlightBytes() > before);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> admission.inFlightBytes() - before < 100_000);
            assertTrue(!held.isDone(), "still held");
            // So another upload fits beside it in the small budget of this profile.
            try (Socket next = uploadHead(caller, 200_000)) {
                next.setSoTimeout(500);
                assertThrows(SocketTimeoutException.class, () -> next.getInputStream().read(),
                        "admitted: the server waits for its body instead of answering 503");
            }
        } finally {
            held.get(30, TimeUnit.SECONDS).then().statusCode(202).body("status", equalTo("queued"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.inFlightBytes() == before);
    }

    private static Response submit(Fixtures.Caller caller) {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits");
    }

    /**
     * Opens a connection and sends an authenticated multipart request's head declaring {@code length} body bytes,
     * and no body: the resource waits for the body, so the request holds its bytes of the budget.
     */
    private static Socket uploadHead(Fixtures.Caller caller, long length) throws IOException {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + caller.bearer() + "\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The answer's head and its body, read by its Content-Length (not to the end of the connection). */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        int length = head.toString().toLowerCase().lines().filter(line -> line.startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring("content-length:".length()).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
