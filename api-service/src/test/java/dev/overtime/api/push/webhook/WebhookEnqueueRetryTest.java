package dev.overtime.api.push.webhook;

import com.sun.net.httpserver.HttpServer;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.WorkerDouble;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A webhook message whose enqueue fails is retried until it is queued, never dropped: over real Kafka and PostgreSQL,
 * with the delivery table really gone (renamed) when the job's event arrives and back a little later.
 */
@QuarkusTest
@TestProfile(WebhookIsolationTest.SlowReceivers.class)
@WithTestResource(RealInfrastructureResource.class)
class WebhookEnqueueRetryTest {

    @Inject
    Fixtures fixtures;

    @Inject
    MeterRegistry metrics;

    @Test
    void aFailedEnqueueIsRetriedUntilTheMessageIsQueuedAndDelivered() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        Fixtures.Caller caller = fixtures.newCaller();
        given().header("Authorization", "Bearer admin-secret").contentType("application/json")
                .body("{\"owner\":\"" + caller.owner() + "\"}").post("/admin/webhook-secrets").then().statusCode(201);
        String job = given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .multiPart("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .multiPart("webhook_events", "started")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        double retriesBefore = retries();

        try (WorkerDouble worker = new WorkerDouble(fixtures)) {
            fixtures.execute("alter table webhook_deliveries rename to webhook_deliveries_away");
            try {
                worker.start(job);
                await("the enqueue failed and is being retried").atMost(Duration.ofSeconds(30))
                        .until(() -> retries() >= retriesBefore + 2);
            } finally {
                fixtures.execute("alter table webhook_deliveries_away rename to webhook_deliveries");
            }
            await("the message is queued and delivered once the table is back").atMost(Duration.ofSeconds(30))
                    .until(() -> received.size() == 1);
        } finally {
            receiver.stop(0);
        }
        assertEquals(List.of("msg_" + job.replace("-", "") + "_started"), received);
        await().atMost(Duration.ofSeconds(5)).until(() -> fixtures.countRows(
                "select count(*) from webhook_deliveries where job_id = ?::uuid and status = 'delivered'", job) == 1);
        assertEquals(1, fixtures.countRows("select count(*) from webhook_deliveries where job_id = ?::uuid", job));
    }

    private double retries() {
        // Registered when the consumer's bean is first used, which may be after this test began.
        var counter = metrics.find("overtime.webhooks.enqueue.retries").counter();
        return counter == null ? 0 : counter.count();
    }
}
