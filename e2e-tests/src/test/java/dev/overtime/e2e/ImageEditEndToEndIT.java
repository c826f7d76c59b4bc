package dev.overtime.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise end to end, over the packaged services: an edit submitted over HTTP is accepted at
 * once, run by the worker through Kafka and the simulator, and its result is the photo edited
 * inside the mask and untouched outside it; analytics consumers saw its lifecycle on Kafka.
 */
class ImageEditEndToEndIT {

    private static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("samples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Stack stack;
    private static String apiKey;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "1s"), Map.of());
        RestAssured.baseURI = stack.api().baseUrl();
        apiKey = given().header("Authorization", "Bearer " + Stack.ADMIN_TOKEN).contentType("application/json")
                .body("{\"owner\":\"e2e\"}").post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void editsTheMaskedRegionOnlyAndReportsItsLifecycle() throws IOException {
        byte[] photo = Files.readAllBytes(SAMPLES.resolve("photo.png"));
        byte[] mask = Files.readAllBytes(SAMPLES.resolve("mask.png"));

        Response accepted = given().header("Authorization", "Bearer " + apiKey)
                .multiPart("image", "photo.png", photo, "image/png")
                .multiPart("mask", "mask.png", mask, "image/png")
                .multiPart("prompt", "paint the circle sunset orange")
                .multiPart("size", "auto")
                .post("/v1/image-edits");
        accepted.then().statusCode(202).body("status", equalTo("queued"));
        String id = accepted.path("id");

        await("job " + id + " succeeded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String status = given().header("Authorization", "Bearer " + apiKey)
                            .get("/v1/image-edits/" + id).path("status");
                    if ("failed".equals(status) || "canceled".equals(status)) {
                        throw new AssertionError("job ended " + status + ": "
                                + given().header("Authorization", "Bearer " + apiKey).get("/v1/image-edits/" + id).asString());
                    }
                    return "succeeded".equals(status);
                });

        given().header("Authorization", "Bearer " + apiKey).get("/v1/image-edits/" + id).then()
                .body("attempts", equalTo(1))
                .body("outputs.size()", equalTo(1))
                .body("outputs[0].contentType", equalTo("image/png"))
                .body("attemptLog.size()", equalTo(1))
                .body("attemptLog[0].httpStatus", equalTo(200));

        // A 302 to the object store's presigned URL, fetched without the key, as browsers and fetch do.
        String location = given().header("Authorization", "Bearer " + apiKey).redirects().follow(false)
                .get("/v1/image-edits/" + id + "/outputs/0").then().statusCode(302).extract().header("Location");
        byte[] output = given().urlEncodingEnabled(false).redirects().follow(false).get(location).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(output, 4));
        assertEditedInsideMaskOnly(decode(photo), decode(mask), decode(output));

        List<JsonNode> events = lifecycleEventsFor(id, 2);
        assertEquals(List.of("dev.overtime.image_edit.started", "dev.overtime.image_edit.succeeded"),
                events.stream().map(e -> e.get("type").asText()).toList());
        for (JsonNode event : events) {
            assertEquals("1.0", event.get("specversion").asText());
            assertEquals(id, event.get("subject").asText());
            assertEquals("e2e", event.at("/data/job/owner").asText());
            assertEquals(1, event.at("/data/schemaVersion").asInt());
        }
        JsonNode succeeded = events.get(1).get("data");
        assertEquals(1, succeeded.get("attempts").asInt());
        assertEquals(1, succeeded.get("outputCount").asInt());
        assertTrue(succeeded.get("upstreamLatencyMs").asLong() >= 1000, "simulator latency was 1 s: " + succeeded);
        assertTrue(succeeded.at("/usage/totalTokens").asLong() > 0, succeeded.toString());
    }

    private static void assertEditedInsideMaskOnly(BufferedImage photo, BufferedImage mask, BufferedImage output) {
        assertEquals(photo.getWidth(), output.getWidth());
        assertEquals(photo.getHeight(), output.getHeight());
        int insideChanged = 0;
        int inside = 0;
        int outsideChanged = 0;
        for (int y = 0; y < photo.getHeight(); y++) {
            for (int x = 0; x < photo.getWidth(); x++) {
                boolean editable = (mask.getRGB(x, y) >>> 24) == 0;
                boolean changed = (photo.getRGB(x, y) & 0xFFFFFF) != (output.getRGB(x, y) & 0xFFFFFF);
                if (editable) {
                    inside++;
                    insideChanged += changed ? 1 : 0;
                } else {
                    outsideChanged += changed ? 1 : 0;
                }
            }
        }
        assertTrue(inside > 0, "the sample mask has a transparent region");
        assertTrue(insideChanged > inside * 0.9, insideChanged + " of " + inside + " masked pixels changed");
        assertEquals(0, outsideChanged, "pixels outside the mask must be untouched");
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a decodable image");
        return image;
    }

    private static List<JsonNode> lifecycleEventsFor(String jobId, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-analytics-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("image-edit.events"));
            await("lifecycle events of " + jobId).atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (jobId.equals(record.key())) {
                        try {
                            found.add(JSON.readTree(record.value()));
                        } catch (IOException e) {
                            throw new AssertionError("event is not JSON: " + record.value(), e);
                        }
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
