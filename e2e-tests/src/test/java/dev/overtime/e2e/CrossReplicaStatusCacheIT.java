package dev.overtime.e2e;

import dev.overtime.localinfra.RealInfrastructure;
import dev.overtime.localinfra.ServiceProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Status reads and 304s come from each replica's own cache (imageedit.view.JobSnapshotCache); two replicas over the
 * same Kafka and PostgreSQL, no sticky sessions. A change committed by one replica ends the other's cached answer
 * through the change feed alone (that replica's staleness bound is an hour here), and a finished job changed with no
 * event at all (as the image move and retention change jobs) is answered afresh within the default bound (1 s):
 * neither ever answers the old state, or a 304 for the old ETag, after that.
 */
class CrossReplicaStatusCacheIT {

    private static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("samples");

    private static Stack stack;
    private static ServiceProcess feedOnly;
    private static String apiKey;

    @BeforeAll
    static void startStack() {
        // Edits take a minute, so a running job stays running while the test changes it.
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "60s"), Map.of());
        feedOnly = stack.startApiReplica(Map.of("OVERTIME_API_JOB_CACHE_MAX_STALENESS", "1h"));
        apiKey = given().baseUri(stack.api().baseUrl()).header("Authorization", "Bearer " + Stack.ADMIN_TOKEN)
                .contentType("application/json").body("{\"owner\":\"status-cache\"}").post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    @AfterAll
    static void stopStack() {
        if (feedOnly != null) {
            feedOnly.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCancelOnOneReplicaEndsTheOtherReplicasCachedAnswer() throws IOException {
        String id = submitTo(stack.api());
        await("the job runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "running".equals(get(feedOnly, id, null).path("status")));
        String running = get(feedOnly, id, null).header("ETag");
        assertEquals(304, get(feedOnly, id, running).statusCode());

        call(stack.api()).post("/v1/image-edits/" + id + "/cancel").then().statusCode(200);

        await("the other replica hears of the cancel").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(feedOnly, id, running).statusCode() == 200);
        for (int i = 0; i < 5; i++) {
            Response answer = get(feedOnly, id, running);
            assertEquals(200, answer.statusCode(), "a 304 for the running ETag after the job was canceled");
            assertEquals("canceled", answer.path("status"));
        }
        String canceled = get(feedOnly, id, null).header("ETag");
        assertNotEquals(running, canceled);
        assertEquals(304, get(feedOnly, id, canceled).statusCode());
    }

    @Test
    void aFinishedJobChangedWithoutAnEventIsAnsweredAfreshWithinTheBound() throws IOException {
        String id = submitTo(stack.api());
        call(stack.api()).post("/v1/image-edits/" + id + "/cancel").then().statusCode(200);
        String canceled = get(stack.api(), id, null).header("ETag");
        assertEquals(304, get(stack.api(), id, canceled).statusCode());

        // What the worker's image move does to a finished job: a new version, and no event.
        execute("update image_edit_jobs set version = version + 1, updated_at = now() where id = ?::uuid", id);

        await("the finished job's new version is answered within max-staleness (1 s)")
                .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(stack.api(), id, canceled).statusCode() == 200);
        for (int i = 0; i < 5; i++) {
            Response answer = get(stack.api(), id, canceled);
            assertEquals(200, answer.statusCode(), "a 304 for the old ETag of a changed job");
            assertNotEquals(canceled, answer.header("ETag"));
        }
    }

    private static String submitTo(ServiceProcess api) throws IOException {
        return call(api)
                .multiPart("image", "photo.png", Files.readAllBytes(SAMPLES.resolve("photo.png")), "image/png")
                .multiPart("mask", "mask.png", Files.readAllBytes(SAMPLES.resolve("mask.png")), "image/png")
                .multiPart("prompt", "paint the circle sunset orange")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
    }

    private static Response get(ServiceProcess api, String id, String ifNoneMatch) {
        RequestSpecification request = call(api);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.get("/v1/image-edits/" + id);
    }

    private static RequestSpecification call(ServiceProcess api) {
        return given().baseUri(api.baseUrl()).header("Authorization", "Bearer " + apiKey);
    }

    private static void execute(String sql, String param) {
        RealInfrastructure infra = RealInfrastructure.get();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
