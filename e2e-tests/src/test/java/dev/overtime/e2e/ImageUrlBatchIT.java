package dev.overtime.e2e;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CopyOnWriteArrayList;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images by URL and batches over the packaged services, Kafka, PostgreSQL and S3Proxy, with an image host on
 * loopback (the worker admits it with OVERTIME_INPUTS_ALLOW_LOOPBACK, for tests only): a batch of 20 items naming 5
 * URLs fetches each once and every item succeeds with its variants; URLs that can't be had fail their items with the
 * reason while their batch completes; a JSON edit is the multipart edit; a canceled batch cancels its items.
 */
class ImageUrlBatchIT {

    private static Stack stack;
    private static String apiKey;
    private static HttpServer host;
    private static final Map<String, byte[]> IMAGES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    /** What the webhook receiver on the image host was sent: path to messages, in arrival order. */
    private static final Map<String, List<Received>> HOOKS = new ConcurrentHashMap<>();
    private static String signingSecret;

    record Received(String id, long timestamp, String signature, String body) {
    }

    @BeforeAll
    static void startStack() throws IOException {
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        host.createContext("/hooks/", exchange -> {
            try (exchange) {
                var headers = exchange.getRequestHeaders();
                HOOKS.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                        .add(new Received(headers.getFirst("webhook-id"),
                                Long.parseLong(headers.getFirst("webhook-timestamp")),
                                headers.getFirst("webhook-signature"),
                                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        host.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                byte[] body = IMAGES.get(path);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        host.start();
        for (int i = 0; i < 5; i++) {
            IMAGES.put("/p" + i + ".png", png(120 + 10 * i, 90, new Color(40 * i, 120, 200)));
        }
        IMAGES.put("/notes.png", "words, not pixels".getBytes());
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "1s"),
                Map.of("OVERTIME_API_WEBHOOKS_ALLOW_LOOPBACK", "true", "OVERTIME_API_WEBHOOKS_POLL_INTERVAL", "200ms"),
                Map.of("OVERTIME_INPUTS_ALLOW_LOOPBACK", "true"));
        RestAssured.baseURI = stack.api().baseUrl();
        apiKey = given().header("Authorization", "Bearer " + Stack.ADMIN_TOKEN).contentType("application/json")
                .body("{\"owner\":\"e2e-urls\"}").post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        signingSecret = given().header("Authorization", "Bearer " + Stack.ADMIN_TOKEN).contentType("application/json")
                .body("{\"owner\":\"e2e-urls\"}").post("/admin/webhook-secrets")
                .then().statusCode(201).extract().path("secret");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (host != null) {
            host.stop(0);
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + host.getAddress().getPort() + path;
    }

    @Test
    void aBatchOfTwentyNamingFiveUrlsFetchesEachOnceAndEveryItemSucceedsWithItsVariants() throws IOException {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            items.append(i == 0 ? "" : ",").append("{\"image_url\": \"").append(url("/p" + i % 5 + ".png")).append("\"}");
        }
        Response accepted = asCaller().body("""
                {"defaults": {"prompt": "paint it teal", "size": "auto", "variants": ["64.png", "32.jpg"]},
                 "items": [%s]}""".formatted(items)).post("/v1/image-edit-batches");
        accepted.then().statusCode(202).body("counts.queued", equalTo(20));
        String batch = accepted.path("id");

        Response done = awaitBatchCompleted(batch);
        done.then().body("status", equalTo("completed")).body("counts.succeeded", equalTo(20));
        for (int i = 0; i < 5; i++) {
            assertEquals(1, HITS.get("/p" + i + ".png").get(), "URL " + i + " fetched exactly once");
        }
        List<String> jobs = done.path("items.jobId");
        assertEquals(20, jobs.size());
        Response job = asCaller().get("/v1/image-edits/" + jobs.get(7));
        job.then().statusCode(200).body("batchId", equalTo(batch)).body("outputs[0].variants.size()", equalTo(2));
        int width = job.path("outputs[0].width");
        int height = job.path("outputs[0].height");
        BufferedImage small = decode(bytes("/v1/image-edits/" + jobs.get(7) + "/outputs/0/variants/64.png"));
        int longest = Math.max(width, height);
        assertEquals(Math.max(1, Math.round(width * 64f / longest)), small.getWidth());
        assertEquals(Math.max(1, Math.round(height * 64f / longest)), small.getHeight());
        BufferedImage smaller = decode(bytes("/v1/image-edits/" + jobs.get(7) + "/outputs/0/variants/32.jpg"));
        assertEquals(32, Math.max(smaller.getWidth(), smaller.getHeight()));
    }

    @Test
    void urlsThatCannotBeHadFailTheirItemsWithTheReasonWhileTheBatchCompletes() {
        Response accepted = asCaller().body("""
                {"defaults": {"prompt": "paint it teal"},
                 "items": [{"image_url": "%s"}, {"image_url": "%s"}, {"image_url": "http://169.254.169.254/latest/x.png"},
                           {"image_url": "%s"}]}""".formatted(url("/gone.png"), url("/notes.png"), url("/p1.png")))
                .post("/v1/image-edit-batches");
        accepted.then().statusCode(202);

        Response done = awaitBatchCompleted(accepted.path("id"));
        done.then().body("counts.failed", equalTo(3)).body("counts.succeeded", equalTo(1));
        List<String> jobs = done.path("items.jobId");
        assertFailed(jobs.get(0), "INPUT_FETCH_FAILED", "answered HTTP 404");
        assertFailed(jobs.get(1), "INVALID_IMAGE", "did not serve a PNG, JPEG or WebP image");
        assertFailed(jobs.get(2), "INPUT_FETCH_FAILED", "refused by policy");
    }

    @Test
    void aBatchWebhookIsToldOnceWhenTheLastItemEndedAndItsItemsOfTheJobEventsNamed() throws Exception {
        Response accepted = asCaller().body("""
                {"defaults": {"prompt": "paint it teal"},
                 "items": [{"image_url": "%s"}, {"image_url": "%s"}, {"image_url": "%s"}],
                 "webhook": "%s", "webhook_events": ["batch.completed", "failed"]}"""
                .formatted(url("/p1.png"), url("/missing.png"), url("/p2.png"), url("/hooks/batch")))
                .post("/v1/image-edit-batches");
        accepted.then().statusCode(202);
        String batch = accepted.path("id");

        Response done = awaitBatchCompleted(batch);
        done.then().body("counts.succeeded", equalTo(2)).body("counts.failed", equalTo(1));
        String failedJob = done.path("items[1].jobId");
        await("the batch's and the failed item's messages").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> HOOKS.getOrDefault("/hooks/batch", List.of()).size() >= 2);
        List<Received> messages = HOOKS.get("/hooks/batch");
        assertEquals(2, messages.size(), "one batch.completed and one image_edit.failed, nothing for successes");
        Map<String, JsonPath> byType = new java.util.HashMap<>();
        for (Received message : messages) {
            assertEquals("v1," + hmac(message), message.signature(), "signed with the owner's secret");
            JsonPath body = JsonPath.from(message.body());
            byType.put(body.getString("type"), body);
        }
        JsonPath completed = byType.get("batch.completed");
        assertEquals(batch, completed.getString("data.id"));
        assertEquals("completed", completed.getString("data.status"));
        assertEquals(2, completed.getInt("data.counts.succeeded"));
        assertEquals(1, completed.getInt("data.counts.failed"));
        assertEquals(failedJob, byType.get("image_edit.failed").getString("data.id"));

        asCaller().get("/v1/image-edit-batches/" + batch + "/webhook-deliveries").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].event", equalTo("batch.completed"))
                .body("data[0].status", equalTo("delivered"));
    }

    @Test
    void aJsonEditMatchesTheMultipartEditOfTheSameUrl() throws IOException {
        String fromJson = asCaller().body("""
                {"prompt": "paint it orange", "images": [{"image_url": "%s"}], "size": "auto"}"""
                .formatted(url("/p2.png"))).post("/v1/image-edits").then().statusCode(202).extract().path("id");
        String fromForm = given().header("Authorization", "Bearer " + apiKey)
                .multiPart("prompt", "paint it orange").multiPart("image_url", url("/p2.png")).multiPart("size", "auto")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");

        awaitSucceeded(fromJson);
        awaitSucceeded(fromForm);
        BufferedImage json = decode(bytes("/v1/image-edits/" + fromJson + "/outputs/0"));
        BufferedImage form = decode(bytes("/v1/image-edits/" + fromForm + "/outputs/0"));
        assertEquals(form.getWidth(), json.getWidth());
        assertEquals(form.getHeight(), json.getHeight());
        assertArrayEquals(form.getRGB(0, 0, form.getWidth(), form.getHeight(), null, 0, form.getWidth()),
                json.getRGB(0, 0, json.getWidth(), json.getHeight(), null, 0, json.getWidth()), "the same edit");
    }

    @Test
    void cancelingABatchCancelsItsQueuedItems() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            items.append(i == 0 ? "" : ",").append("{\"image_url\": \"").append(url("/p3.png")).append("\"}");
        }
        String batch = asCaller().body("""
                {"defaults": {"prompt": "never mind"}, "items": [%s]}""".formatted(items))
                .post("/v1/image-edit-batches").then().statusCode(202).extract().path("id");

        asCaller().post("/v1/image-edit-batches/" + batch + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled"));
        Response done = awaitBatchCompleted(batch);
        done.then().body("status", equalTo("canceled")).body("counts.queued", equalTo(0))
                .body("counts.running", equalTo(0));
        int canceled = done.path("counts.canceled");
        int succeeded = done.path("counts.succeeded");
        assertEquals(10, canceled + succeeded);
        assertTrue(canceled >= 9, "the simulator takes a second; at most one item could finish first: " + canceled);
    }

    private static String hmac(Received message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(signingSecret.substring("whsec_".length())),
                "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((message.id() + "." + message.timestamp() + "."
                + message.body()).getBytes(StandardCharsets.UTF_8)));
    }

    private static io.restassured.specification.RequestSpecification asCaller() {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json");
    }

    private static Response awaitBatchCompleted(String batch) {
        await("batch " + batch + " completed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> asCaller().get("/v1/image-edit-batches/" + batch).path("completedAt") != null);
        return asCaller().queryParam("limit", 100).get("/v1/image-edit-batches/" + batch);
    }

    private static void awaitSucceeded(String job) {
        await("job " + job + " succeeded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "succeeded".equals(asCaller().get("/v1/image-edits/" + job).path("status")));
    }

    private static void assertFailed(String job, String code, String messagePart) {
        Response view = asCaller().get("/v1/image-edits/" + job);
        view.then().body("status", equalTo("failed")).body("error.code", equalTo(code));
        String message = view.path("error.message");
        assertTrue(message.contains(messagePart), message);
    }

    // The API answers 302 to the store; the bytes come from there, as a browser would fetch them.
    private static byte[] bytes(String path) {
        String location = given().header("Authorization", "Bearer " + apiKey).redirects().follow(false).get(path)
                .then().statusCode(302).extract().header("Location");
        return given().urlEncodingEnabled(false).redirects().follow(false).get(location).then().statusCode(200)
                .extract().asByteArray();
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static byte[] png(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
