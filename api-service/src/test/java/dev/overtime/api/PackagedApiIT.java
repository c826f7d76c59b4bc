package dev.overtime.api;

import dev.overtime.api.support.PackagedApiResource;
import dev.overtime.api.support.TestImages;
import dev.overtime.common.Topics;
import dev.overtime.localinfra.ManagementPortResource;
import dev.overtime.localinfra.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged API (the JVM jar, or the native executable under {@code -Pnative}) in its production profile over
 * real Kafka and PostgreSQL: what a container runs. Few and broad on purpose; behaviour in detail is proved by the
 * {@code @QuarkusTest} suites.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedApiResource.class)
@WithTestResource(ManagementPortResource.class)
class PackagedApiIT {

    @Test
    void isLiveReadyAndStartedWithKafkaAndTheDatabaseCheckedOnTheManagementPortOnly() {
        for (String probe : new String[] {"live", "ready", "started"}) {
            given().baseUri(ManagementPortResource.url()).get("/q/health/" + probe).then().statusCode(200)
                    .body("status", equalTo("UP"));
            given().get("/q/health/" + probe).then().statusCode(404);
        }
        given().baseUri(ManagementPortResource.url()).get("/q/health/ready").then()
                .body(containsString("Database connections health check"))
                .body(containsString("SmallRye Reactive Messaging"));
        given().baseUri(ManagementPortResource.url()).get("/q/metrics").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void acceptsAnEditFromAKeyIssuedByTheOperatorAndRelaysItsReferenceToKafka() {
        String key = issueKey("it-" + UUID.randomUUID());
        Response accepted = given().header("Authorization", "Bearer " + key)
                .multiPart("image", "photo.png", TestImages.photo(32, 32), "image/png")
                .multiPart("mask", "mask.png", TestImages.mask(32, 32), "image/png")
                .multiPart("prompt", "paint the square blue")
                .post("/v1/image-edits");
        accepted.then().statusCode(202).header("Location", notNullValue()).body("status", equalTo("queued"));
        String id = accepted.path("id");

        given().header("Authorization", "Bearer " + key).get("/v1/image-edits/" + id)
                .then().statusCode(200).header("ETag", notNullValue()).body("id", equalTo(id));
        String reference = recordKeyed(id);
        assertTrue(reference.contains("\"jobId\":\"" + id + "\""), reference);
    }

    @Test
    void answersBadInputWithTheProblemEnvelopeAndItsStableCode() {
        String key = issueKey("it-" + UUID.randomUUID());
        given().header("Authorization", "Bearer " + key)
                .multiPart("image", "photo.png", "not an image".getBytes(), "image/png")
                .multiPart("prompt", "paint it")
                .post("/v1/image-edits")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("INVALID_IMAGE"))
                .body("requestId", notNullValue());
        given().get("/v1/image-edits").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    private static String issueKey(String owner) {
        return given().header("Authorization", "Bearer " + PackagedApiResource.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("owner", owner))
                .post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    private static String recordKeyed(String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "api-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AtomicReference<String> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.IMAGE_EDIT_REQUESTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        found.set(r.value());
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }
}
