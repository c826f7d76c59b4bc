package dev.overtime.api.push;

import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry-After is an estimate from the queue ahead and recent upstream latency; queued jobs show their place (from queue tickets). */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class RetryAfterEstimateTest extends FollowedJobScenario {

    @Test
    void queuedJobsShowTheirPlaceInTheQueue() {
        Response first = submitEdit();
        Response second = submitEdit();
        int firstPosition = first.path("queuePosition");
        assertTrue(firstPosition >= 1);
        assertEquals(firstPosition + 1, (int) second.path("queuePosition"));
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + second.path("id"))
                .then().statusCode(200).body("queuePosition", equalTo(firstPosition + 1));

        // The position is counted from the head of the queue (the lowest queued ticket), not by counting the queue:
        // it moves when the head moves. Other tests' jobs may still be queued ahead, so the head is started here.
        String head = fixtures.textOf("select id::text from image_edit_jobs where status = 'queued' order by queue_ticket limit 1");
        worker.start(head);
        int secondAfter = given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + second.path("id"))
                .then().statusCode(200).extract().path("queuePosition");
        assertTrue(secondAfter <= firstPosition, "the job moved up when the head left: " + secondAfter);
        worker.start(first.path("id"));
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + first.path("id"))
                .then().body("status", equalTo("running")).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("queuePosition")));
    }

    @Test
    void retryAfterFollowsRecentUpstreamLatency() {
        long before = consumer.received();
        // Twenty fast edits finished somewhere in the fleet: the moving average drops to about 2 s.
        for (int i = 0; i < 20; i++) {
            worker.publish("dev.overtime.image_edit.succeeded", UUID.randomUUID().toString(),
                    "{\"schemaVersion\":1,\"upstreamLatencyMs\":2000}");
        }
        await().until(() -> consumer.received() >= before + 20);
        String id = submitEdit().path("id");
        worker.start(id);
        String retryAfter = given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id)
                .then().statusCode(200).extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 4, "Retry-After " + seconds + " for a job just started with ~2 s edits");
    }
}
