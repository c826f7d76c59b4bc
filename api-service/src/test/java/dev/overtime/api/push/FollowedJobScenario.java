package dev.overtime.api.push;

import dev.overtime.api.push.feed.JobEventsConsumer;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.WorkerDouble;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static io.restassured.RestAssured.given;

/**
 * What every push scenario starts from: a fresh caller, and a worker double on Kafka whose events
 * this replica's change feed is already consuming.
 */
abstract class FollowedJobScenario {

    @Inject
    Fixtures fixtures;

    @Inject
    JobEventsConsumer consumer;

    Fixtures.Caller caller;
    WorkerDouble worker;

    @BeforeEach
    void freshCallerAndWorker() {
        caller = fixtures.newCaller();
        worker = new WorkerDouble(fixtures);
        worker.awaitFeedConsuming(consumer);
    }

    @AfterEach
    void closeWorker() {
        worker.close();
    }

    /** Submits a small edit and answers the raw response. */
    Response submitEdit() {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits");
    }

    /** Submits a small edit and answers its id, after checking it was accepted. */
    String submit() {
        return submitEdit().then().statusCode(202).extract().path("id");
    }
}
