package dev.overtime.api.request;

import dev.overtime.api.storage.PrivateBucketProfile;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.RawHttp;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies that are not uploads are read whole into the heap, so each is bounded from its head before a byte is read:
 * its length (413, or 411 when it has none) and the bytes of all of them in flight (503). A hostile client sending
 * 64 MB JSON bodies used to have each read into the heap.
 */
@QuarkusTest
@TestProfile(PrivateBucketProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class JsonBodyAdmissionTest {

    private static final String EDIT = """
            {"prompt": "paint it blue", "images": [{"image_url": "https://images.example.com/cat.png"}]}""";

    @Inject
    Fixtures fixtures;

    @Inject
    JsonBodyAdmission admission;

    @TestHTTPResource
    URL base;

    @Test
    void aJsonBodyDeclaredOverTheLimitIsRefusedFromItsHeadUnreadAndNothingIsStored() {
        Fixtures.Caller caller = fixtures.newCaller();
        for (String path : new String[] {"/v1/image-edits", "/v1/image-edit-batches"}) {
            try (RawHttp raw = RawHttp.connect(base)) {
                raw.send(head(caller, path, "Content-Length: " + (4L * 1024 * 1024 + 1)));
                RawHttp.Received answer = raw.readUntilClosed(Duration.ofSeconds(10));
                assertEquals(413, answer.status(), answer.text());
                assertTrue(answer.text().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer.text());
                assertTrue(answer.text().contains("at most 4194304 bytes"), answer.text());
                // The server closed the connection instead of reading 4 MB it had refused.
                assertTrue(answer.closed(), "closed");
            }
        }
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void aJsonBodyOfUnknownLengthIsRefusedLengthRequired() {
        Fixtures.Caller caller = fixtures.newCaller();
        try (RawHttp raw = RawHttp.connect(base)) {
            raw.send(head(caller, "/v1/image-edits", "Transfer-Encoding: chunked") + "5\r\n{\"pro\r\n");
            RawHttp.Received answer = raw.readUntilClosed(Duration.ofSeconds(10));
            assertEquals(411, answer.status(), answer.text());
            assertTrue(answer.text().contains("\"code\":\"LENGTH_REQUIRED\""), answer.text());
        }
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void whileOneBodyHoldsTheJsonBudgetTheNextIsRefusedOverloadedAndAdmittedOnceItEnds() {
        Fixtures.Caller caller = fixtures.newCaller();
        long before = admission.inFlightBytes();
        // Declares nearly the whole budget and sends only its head: its bytes stay reserved while the body is awaited.
        RawHttp slow = RawHttp.connect(base);
        try {
            slow.send(head(caller, "/v1/image-edits", "Content-Length: " + (PrivateBucketProfile.JSON_BUDGET - 10)));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> admission.inFlightBytes() > before);
            submit(caller).then().statusCode(503).body("code", equalTo("OVERLOADED")).header("Retry-After", "2");
            assertEquals(0, fixtures.jobsOf(caller.owner()));
        } finally {
            slow.close();
        }
        // The abandoned body's answer ends with its connection, and its bytes are given back.
        await().atMost(Duration.ofSeconds(10)).until(() -> admission.inFlightBytes() == before);
        submit(caller).then().statusCode(202);
        assertEquals(1, fixtures.jobsOf(caller.owner()));
        assertEquals(before, admission.inFlightBytes());
    }

    private static Response submit(Fixtures.Caller caller) {
        return given().header("Authorization", caller.bearer()).contentType("application/json").body(EDIT)
                .post("/v1/image-edits");
    }

    private static String head(Fixtures.Caller caller, String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + caller.bearer()
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n";
    }
}
