package dev.overtime.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.overtime.api.push.feed.JobEventsConsumer;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.WorkerDouble;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed webhooks end to end over real Kafka and PostgreSQL: a local receiver gets Standard
 * Webhooks messages that the reference verifier (npm {@code standardwebhooks}, run by node) accepts.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.FastRetries.class)
@WithTestResource(RealInfrastructureResource.class)
class WebhookDeliveryTest {

    public static class FastRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.admin-token", "admin-secret",
                    "overtime.api.webhooks.allow-loopback", "true",
                    "overtime.api.webhooks.first-backoff", "200ms",
                    "overtime.api.webhooks.poll-interval", "200ms");
        }
    }

    record Received(Map<String, String> headers, String body) {
    }

    private static final Path VERIFIER = Path.of("target", "webhook-verifier");

    @Inject
    Fixtures fixtures;

    @Inject
    JobEventsConsumer consumer;

    @Inject
    ObjectMapper json;

    private Fixtures.Caller caller;
    private WorkerDouble worker;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void installReferenceVerifier() throws Exception {
        Files.createDirectories(VERIFIER);
        for (String file : List.of("package.json", "package-lock.json", "verify.mjs")) {
            Files.copy(Path.of("src", "test", "webhook-verifier", file), VERIFIER.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(VERIFIER.resolve("node_modules/standardwebhooks"))) {
            // Fails, never skips, when node or npm is missing: the signature check must run.
            assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund"), null).exitCode(), "npm ci for the verifier");
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        caller = fixtures.newCaller();
        worker = new WorkerDouble(fixtures);
        worker.awaitFeedConsuming(consumer);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>(Map.of(
                    "webhook-id", exchange.getRequestHeaders().getFirst("webhook-id"),
                    "webhook-timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    "webhook-signature", exchange.getRequestHeaders().getFirst("webhook-signature")));
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null) {
                headers.put("traceparent", traceparent);
            }
            Integer status = answers.poll();
            int answer = status == null ? 200 : status;
            if (answer == 200) {
                received.add(new Received(headers, new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        worker.close();
        receiver.stop(0);
    }

    private String rotateSecret() {
        return given().header("Authorization", "Bearer admin-secret").contentType("application/json")
                .body("{\"owner\":\"" + caller.owner() + "\"}").post("/admin/webhook-secrets")
                .then().statusCode(201).extract().path("secret");
    }

    private RequestSpecification edit(String webhook) {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .multiPart("webhook", webhook);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void deliversSignedMessagesRetriesFailuresAndKeepsALog() throws Exception {
        String secret = rotateSecret();
        answers.add(500);
        String id = edit(hookUrl()).multiPart("webhook_events", "started,completed")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        worker.start(id);
        worker.succeed(id, TestImages.photo(64, 64), 1000);

        await("two delivered messages").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
        for (Received message : received) {
            assertVerified(secret, message);
            assertTrue(message.headers().get("webhook-signature").startsWith("v1,"));
        }
        List<String> types = received.stream().map(m -> readType(m.body())).sorted().toList();
        assertEquals(List.of("image_edit.started", "image_edit.succeeded"), types);
        JsonNode succeeded = json.readTree(received.stream().filter(m -> readType(m.body()).endsWith("succeeded"))
                .findFirst().orElseThrow().body());
        assertEquals(id, succeeded.at("/data/id").asText());
        assertEquals("succeeded", succeeded.at("/data/status").asText());

        await("log shows both delivered").until(() -> given().header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + id + "/webhook-deliveries").jsonPath().getList("data.status").equals(List.of("delivered", "delivered"))
                || given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id + "/webhook-deliveries")
                .jsonPath().getList("data.findAll { it.status == 'delivered' }").size() == 2);
        List<Integer> attempts = given().header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + id + "/webhook-deliveries").jsonPath().getList("data.attempts");
        assertEquals(3, attempts.stream().mapToInt(Integer::intValue).sum(), "one 500 was retried: " + attempts);
        given().header("Authorization", fixtures.newCaller().bearer()).get("/v1/image-edits/" + id + "/webhook-deliveries")
                .then().statusCode(404);
    }

    @Test
    void aDeliveryContinuesTheTraceOfTheEventThatQueuedIt() {
        rotateSecret();
        String id = edit(hookUrl()).multiPart("webhook_events", "started")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        String traceId = "5af7651916cd43dd8448eb211c80319c";

        worker.start(id, "00-" + traceId + "-c7ad6b7169203331-01");

        await("the started message").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 1);
        String traceparent = received.getFirst().headers().get("traceparent");
        assertTrue(traceparent != null && traceparent.matches("00-" + traceId + "-[0-9a-f]{16}-0[01]"),
                "the receiver gets the event's trace: " + traceparent);
        assertEquals("00-" + traceId + "-c7ad6b7169203331-01", fixtures.textOf(
                "select traceparent from webhook_deliveries where job_id = ?::uuid", id));
    }

    @Test
    void signsWithOldAndNewSecretsDuringRotation() throws Exception {
        String old = rotateSecret();
        String id = edit(hookUrl()).multiPart("webhook_events", "started")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        String fresh = rotateSecret();
        worker.start(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 1);
        Received message = received.getFirst();
        assertEquals(2, message.headers().get("webhook-signature").split(" ").length);
        assertVerified(old, message);
        assertVerified(fresh, message);
    }

    @Test
    void gone410DisablesTheEndpoint() {
        rotateSecret();
        answers.add(410);
        String id = edit(hookUrl()).multiPart("webhook_events", "started,completed")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        worker.start(id);
        await("the endpoint is disabled").atMost(Duration.ofSeconds(30)).until(() -> fixtures.countRows(
                "select count(*) from image_edit_webhooks where job_id = ?::uuid and disabled_at is not null", id) == 1);
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id + "/webhook-deliveries")
                .then().statusCode(200).body("data[0].status", equalTo("disabled")).body("data[0].lastStatus", equalTo(410));
    }

    @Test
    void refusesWebhooksThatCouldReachInternalAddressesAndStoresNothing() {
        rotateSecret();
        for (String url : List.of("https://10.0.0.1/hook", "https://169.254.169.254/latest", "https://192.168.1.1/",
                "ftp://127.0.0.1/hook", "https://[fd00::1]/hook", "not a url")) {
            edit(url).post("/v1/image-edits").then().statusCode(400)
                    .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("webhook"));
        }
        edit(hookUrl()).multiPart("webhook_events", "finished").post("/v1/image-edits").then().statusCode(400)
                .body("param", equalTo("webhook_events"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void refusesAWebhookWhenTheOwnerHasNoSecret() {
        edit(hookUrl()).post("/v1/image-edits").then().statusCode(400).body("param", equalTo("webhook"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    private String readType(String body) {
        try {
            return json.readTree(body).get("type").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertVerified(String secret, Received message) throws Exception {
        String input = json.writeValueAsString(Map.of("secret", secret, "headers", message.headers(), "body", message.body()));
        Result result = run(List.of("node", "verify.mjs"), input);
        assertEquals(0, result.exitCode(), "standardwebhooks rejected the delivery: " + result.output());
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, String stdin) throws Exception {
        Process process = new ProcessBuilder(command).directory(VERIFIER.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " timed out");
        return new Result(process.exitValue(), output);
    }
}
