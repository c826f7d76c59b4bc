package dev.overtime.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.RawHttp;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of made-up keys never reaches the database: an unknown key is remembered, and an address that keeps
 * failing gets no more lookups. Clients are told apart by X-Forwarded-For, as behind a load balancer.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(KeyLookupFloodTest.FewFailuresBehindAProxy.class)
class KeyLookupFloodTest {

    static final int FAILURES = 5;

    public static class FewFailuresBehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.limits.key-lookups.failures-per-minute", String.valueOf(FAILURES),
                    "overtime.api.key-cache-ttl", "1s",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectMapper json;

    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    /** A client address of its own for each use: the failure budgets of two tests never mix. */
    private static String address() {
        return "198.51.100." + NEXT_ADDRESS.getAndIncrement();
    }

    private static String bogusKey() {
        return "ovt_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void theSameUnknownKeyIsLookedUpOnce() {
        String address = address();
        String key = bogusKey();
        long before = keys.databaseLookups();
        for (int i = 0; i < 10; i++) {
            given().header("X-Forwarded-For", address).header("Authorization", "Bearer " + key)
                    .get("/v1/image-edits").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        }
        assertEquals(1, keys.databaseLookups() - before);
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedWithoutLookups() {
        String flooder = address();
        Fixtures.Caller known = fixtures.newCaller();
        // Known to this replica before the flood (its key is in the key cache).
        given().header("Authorization", known.bearer()).get("/v1/image-edits").then().statusCode(200);
        long before = keys.databaseLookups();

        int refused = 0;
        for (int i = 0; i < 20; i++) {
            var answer = given().header("X-Forwarded-For", flooder).header("Authorization", "Bearer " + bogusKey())
                    .get("/v1/image-edits");
            if (answer.statusCode() == 429) {
                answer.then().body("code", equalTo("RATE_LIMITED")).header("Retry-After", matchesPattern("[1-9][0-9]*"));
                refused++;
            } else {
                answer.then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
            }
        }
        assertEquals(20 - FAILURES, refused);
        assertEquals(FAILURES, keys.databaseLookups() - before, "only the first failures were looked up");

        // A key this replica has seen valid still works from there, looked up again once its cache entry ends (a
        // client behind the flooder's NAT); a key it never saw waits, like the made-up ones.
        long lookupsBefore = keys.databaseLookups();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            given().header("X-Forwarded-For", flooder).header("Authorization", known.bearer())
                    .get("/v1/image-edits").then().statusCode(200);
            return keys.databaseLookups() > lookupsBefore;
        });
        Fixtures.Caller fresh = fixtures.newCaller();
        given().header("X-Forwarded-For", flooder).header("Authorization", fresh.bearer())
                .get("/v1/image-edits").then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
        given().header("X-Forwarded-For", address()).header("Authorization", fresh.bearer())
                .get("/v1/image-edits").then().statusCode(200);
    }

    @Test
    void anUploadWithABadKeyIsRefusedBeforeItsBodyIsRead() {
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address()
                    + "\r\nAuthorization: Bearer " + bogusKey() + "\r\nContent-Type: multipart/form-data; boundary=b"
                    + "\r\nContent-Length: 10000000\r\n\r\n");
            RawHttp.Received answer = connection.readUntilClosed(Duration.ofSeconds(10));
            assertEquals(401, answer.status(), answer.text());
            assertTrue(answer.hasHeader("Connection", "close"), answer.text());
            assertTrue(answer.closed(), "the connection is closed, not left open for 10 MB nobody reads");
        }
    }

    @Test
    void aSmallBodyRefusedUnreadIsDroppedBeforeTheConnectionCloses() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + "x".repeat(5000) + "\r\n--b--\r\n";
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address()
                    + "\r\nAuthorization: Bearer " + bogusKey() + "\r\nContent-Type: multipart/form-data; boundary=b"
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n");
            RawHttp.Received answer = connection.readUntilClosed(Duration.ofMillis(1500));
            assertEquals(401, answer.status(), answer.text());
            assertTrue(answer.hasHeader("Connection", "close"), answer.text());
            assertTrue(!answer.closed(), "kept open for the rest of a small body, or its writer would see a reset");
            assertTrue(connection.send(body), "the rest of the body is still taken");
            assertTrue(connection.readUntilClosed(Duration.ofSeconds(5)).closed(), "and then the connection closes");
        }
    }

    @Test
    void aWebSocketAuthenticationFloodIsRefusedWithoutLookups() {
        String flooder = address();
        long before = keys.databaseLookups();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < FAILURES + 3; i++) {
            Socket socket = connect(flooder);
            socket.ws.sendText("{\"auth\":\"" + bogusKey() + "\"}", true).join();
            // One at a time: each lookup must be counted before the next socket asks.
            await().atMost(Duration.ofSeconds(20)).until(() -> socket.closeCode == 1008);
            sockets.add(socket);
        }
        List<String> codes = sockets.stream().map(s -> s.errors.getFirst().path("code").asText()).toList();
        assertEquals(FAILURES, codes.stream().filter("UNAUTHENTICATED"::equals).count(), codes.toString());
        assertEquals(3, codes.stream().filter("RATE_LIMITED"::equals).count(), codes.toString());
        assertEquals(FAILURES, keys.databaseLookups() - before);
    }

    private Socket connect(String forwardedFor) {
        Socket socket = new Socket();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "v1/ws");
        socket.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Forwarded-For", forwardedFor)
                .buildAsync(uri, socket).join();
        return socket;
    }

    private final class Socket implements WebSocket.Listener {
        final List<JsonNode> errors = new CopyOnWriteArrayList<>();
        volatile WebSocket ws;
        volatile int closeCode = -1;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            try {
                JsonNode message = json.readTree(data.toString());
                if ("error".equals(message.path("type").asText())) {
                    errors.add(message);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }
}
