package dev.overtime.api.imageedit;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over HTTP: the problem envelope (status, code, message, request id), the status each kind of refusal
 * maps to, and that nothing is stored. The rules themselves are proven with plain values in
 * {@code validation.EditRequestValidatorTest} and {@code validation.SubmitOptionsParsingTest}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class BadInputTest {

    private static final byte[] PHOTO = TestImages.photo(64, 64);
    private static final byte[] MASK = TestImages.mask(64, 64);

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/")
    URI root;

    private int port;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
        port = root.getPort();
    }

    private RequestSpecification edit() {
        return given().header("Authorization", caller.bearer()).header("X-Request-Id", "test-req-1");
    }

    private ValidatableResponse refused(ValidatableResponse response, int status, String code) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("status", equalTo(status))
                .body("message", notNullValue())
                .body("requestId", equalTo("test-req-1"))
                .header("X-Request-Id", "test-req-1");
        assertEquals(0, fixtures.jobsOf(caller.owner()), "no job may be stored for a refused request");
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_inputs i join image_edit_jobs j on j.id = i.job_id where j.owner = ?", caller.owner()));
        return response;
    }

    @Test
    void refusesAPlainTextBodyAsUnsupportedMediaType() {
        // JSON is an edit form of its own now (images by URL: ImageUrlSubmitTest); plain text is nothing we read.
        refused(edit().contentType("text/plain").body("prompt=x")
                .post("/v1/image-edits").then(), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void refusesTextFileNamedPng() {
        refused(edit().multiPart("image", "photo.png", "definitely not an image".getBytes(), "image/png")
                .multiPart("prompt", "make it blue")
                .post("/v1/image-edits").then(), 400, "INVALID_IMAGE").body("param", equalTo("image"));
    }

    @Test
    void refusesSixtyMegabyteImage() {
        byte[] huge = Arrays.copyOf(PHOTO, 60 * 1000 * 1000);
        refused(edit().multiPart("image", "huge.png", huge, "image/png")
                .multiPart("prompt", "make it blue")
                .post("/v1/image-edits").then(), 413, "PAYLOAD_TOO_LARGE").body("param", equalTo("image"));
    }

    @Test
    void refusesBodyAboveTheRequestLimitBeforeReadingIt() throws Exception {
        // Expect: 100-continue is what curl and browsers' fetch-over-proxy use for big uploads:
        // the refusal must come before a single byte of the 70 MB body is sent.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/image-edits"))
                .header("Authorization", caller.bearer())
                .header("X-Request-Id", "test-req-1")
                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[70 * 1024 * 1024]))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode());
            assertTrue(response.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), response.body());
            assertTrue(response.body().contains("\"requestId\":\"test-req-1\""), response.body());
        }
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void refusesMissingPrompt() {
        refused(edit().multiPart("image", "photo.png", PHOTO, "image/png")
                .post("/v1/image-edits").then(), 400, "PROMPT_REQUIRED");
    }

    @Test
    void refusesUnknownModel() {
        refused(edit().multiPart("image", "photo.png", PHOTO, "image/png").multiPart("prompt", "blue")
                .multiPart("model", "gpt-imagine-9")
                .post("/v1/image-edits").then(), 400, "UNKNOWN_MODEL");
    }

    @Test
    void refusesMissingImage() {
        refused(edit().multiPart("prompt", "blue").post("/v1/image-edits").then(), 400, "IMAGE_REQUIRED");
    }

    @Test
    void refusesHugeNumberOfParts() {
        RequestSpecification request = edit().multiPart("image", "photo.png", PHOTO, "image/png");
        for (int i = 0; i < 5000; i++) {
            request.multiPart("junk" + i, "x");
        }
        refused(request.post("/v1/image-edits").then(), 400, "TOO_MANY_PARTS");
    }

    @Test
    void refusesMalformedMultipart() {
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nblue\r\n--XYZ\r\nContent-Disp";
        refused(edit().contentType("multipart/form-data; boundary=XYZ").body(body.getBytes(StandardCharsets.US_ASCII))
                .post("/v1/image-edits").then(), 400, "MALFORMED_MULTIPART");
    }

    @Test
    void refusesUnknownField() {
        refused(edit().multiPart("image", "photo.png", PHOTO, "image/png").multiPart("prompt", "blue")
                .multiPart("temperature", "2")
                .post("/v1/image-edits").then(), 400, "INVALID_PARAMETER").body("param", equalTo("temperature"));
    }

    @Test
    void refusesMissingKey() {
        given().header("X-Request-Id", "test-req-1").multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", "blue").post("/v1/image-edits")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED")).body("requestId", equalTo("test-req-1"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void refusesUnknownKey() {
        given().header("Authorization", "Bearer ovt_not-a-real-key").multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", "blue").post("/v1/image-edits")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void staysUpAndAcceptsAGoodRequestAfterBadOnes() {
        refusesTextFileNamedPng();
        refusesMalformedMultipart();
        edit().multiPart("image", "photo.png", PHOTO, "image/png").multiPart("mask", "mask.png", MASK, "image/png")
                .multiPart("prompt", "blue").post("/v1/image-edits").then().statusCode(202);
        assertEquals(1, fixtures.jobsOf(caller.owner()));
    }
}
