package dev.overtime.api.owners;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Operators set owner limits through the admin API, and the API enforces those it owns at once: maxQueuedJobs
 * (429 QUEUE_FULL, nothing stored), requestsPerMinute (429 RATE_LIMITED, per-owner RateLimit fields) and maxPriority
 * (403 PRIORITY_NOT_ALLOWED); the submitted priority is stored on the job.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
@TestProfile(OwnerLimitsTest.WithAdminToken.class)
class OwnerLimitsTest {

    public static class WithAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.admin-token", "admin-secret");
        }
    }

    private static final String ADMIN = "Bearer admin-secret";
    private static final byte[] PHOTO = TestImages.photo(32, 32);

    @Inject
    Fixtures fixtures;

    @Test
    void anOwnerNeverSetHasTheConfiguredDefaults() {
        given().header("Authorization", ADMIN).get("/admin/owners/never-set-" + System.nanoTime() + "/limits")
                .then().statusCode(200)
                .body("maxConcurrentEdits", equalTo(512)).body("maxQueuedJobs", equalTo(10000))
                .body("requestsPerMinute", equalTo(6000)).body("monthlyBudgetUsd", nullValue())
                .body("maxPriority", equalTo("normal")).body("updatedAt", nullValue())
                .body("defaults", contains("maxConcurrentEdits", "maxQueuedJobs", "requestsPerMinute",
                        "monthlyBudgetUsd", "maxPriority"));
    }

    @Test
    void putReplacesTheLimitsAndGetAndTheListShowThem() {
        String owner = "limited-" + System.nanoTime();
        put(owner, """
                {"maxConcurrentEdits": 20, "maxQueuedJobs": 5000, "requestsPerMinute": 600,
                 "monthlyBudgetUsd": "250.00", "maxPriority": "high"}""")
                .then().statusCode(200).body("owner", equalTo(owner)).body("maxConcurrentEdits", equalTo(20))
                .body("monthlyBudgetUsd", equalTo("250.00")).body("maxPriority", equalTo("high"))
                .body("defaults.size()", equalTo(0)).body("updatedAt", notNullValue());
        // Every field optional: one left out returns to its default.
        put(owner, "{\"maxQueuedJobs\": 7}").then().statusCode(200);
        given().header("Authorization", ADMIN).get("/admin/owners/" + owner + "/limits").then().statusCode(200)
                .body("maxQueuedJobs", equalTo(7)).body("maxConcurrentEdits", equalTo(512))
                .body("monthlyBudgetUsd", nullValue())
                .body("defaults", contains("maxConcurrentEdits", "requestsPerMinute", "monthlyBudgetUsd",
                        "maxPriority"));
        given().header("Authorization", ADMIN).queryParam("after", owner.substring(0, owner.length() - 1))
                .queryParam("limit", 1000).get("/admin/owners")
                .then().statusCode(200).body("owner", hasItem(owner));
    }

    @Test
    void badLimitsAreRefusedWithTheFieldAndNothingChanges() {
        String owner = "refused-" + System.nanoTime();
        put(owner, "{\"maxQueuedJobs\": 9}").then().statusCode(200);
        assertRefused(owner, "{\"maxQueuedJobs\": 0}", "maxQueuedJobs");
        assertRefused(owner, "{\"maxConcurrentEdits\": \"twenty\"}", "maxConcurrentEdits");
        assertRefused(owner, "{\"monthlyBudgetUsd\": \"250.001\"}", "monthlyBudgetUsd");
        assertRefused(owner, "{\"maxPriority\": \"urgent\"}", "maxPriority");
        assertRefused(owner, "{\"maxQueuedJob\": 5}", "maxQueuedJob");
        given().header("Authorization", ADMIN).get("/admin/owners/" + owner + "/limits").then().statusCode(200)
                .body("maxQueuedJobs", equalTo(9));
        given().header("Authorization", ADMIN).get("/admin/owners/has%20space/limits").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("owner"));
        given().header("Authorization", "Bearer nope").get("/admin/owners").then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void pastMaxQueuedJobsASubmitIsRefusedQueueFullAndNothingIsStored() {
        Fixtures.Caller caller = fixtures.newCaller();
        put(caller.owner(), "{\"maxQueuedJobs\": 2}").then().statusCode(200);
        submit(caller, null).then().statusCode(202);
        submit(caller, null).then().statusCode(202);
        submit(caller, null).then().statusCode(429).body("code", equalTo("QUEUE_FULL"));
        assertEquals(2, fixtures.jobsOf(caller.owner()));
        // A queued job that starts makes room again.
        fixtures.execute("update image_edit_jobs set status = 'running' where id = (select id from image_edit_jobs"
                + " where owner = ? limit 1)", caller.owner());
        submit(caller, null).then().statusCode(202);
        assertEquals(3, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void eightConcurrentSubmitsForThreeQueuePlacesAcceptExactlyThree() throws Exception {
        Fixtures.Caller caller = fixtures.newCaller();
        put(caller.owner(), "{\"maxQueuedJobs\": 3}").then().statusCode(200);

        Edits.AtOnce answers = Edits.atOnce(8, i -> submit(caller, null));

        assertEquals(Map.of(202, 3L, 429, 5L), answers.byStatus(), answers.otherThan(202));
        answers.withStatus(429).forEach(r -> r.then().body("code", equalTo("QUEUE_FULL")));
        assertEquals(3, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void aMonthlyBudgetSetThroughTheAdminApiRefusesTheSubmitThatWouldPassIt() {
        Fixtures.Caller caller = fixtures.newCaller();
        // A cent covers no edit's estimate (MonthlyBudgetTest prices them); a hundred dollars covers this one.
        put(caller.owner(), "{\"monthlyBudgetUsd\": \"0.01\"}").then().statusCode(200);
        submit(caller, null).then().statusCode(402).body("code", equalTo("BUDGET_EXCEEDED"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        put(caller.owner(), "{\"monthlyBudgetUsd\": \"100.00\"}").then().statusCode(200);
        submit(caller, null).then().statusCode(202);
        assertEquals(1, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void priorityIsCappedByMaxPriorityAndStoredOnTheJob() {
        Fixtures.Caller caller = fixtures.newCaller();
        submit(caller, "high").then().statusCode(403).body("code", equalTo("PRIORITY_NOT_ALLOWED"))
                .body("param", equalTo("priority"));
        submit(caller, "urgent").then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"))
                .body("param", equalTo("priority"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));

        String low = submit(caller, "low").then().statusCode(202).extract().path("id");
        String unset = submit(caller, null).then().statusCode(202).extract().path("id");
        assertEquals("0", priorityOf(low));
        assertEquals("1", priorityOf(unset));

        put(caller.owner(), "{\"maxPriority\": \"high\"}").then().statusCode(200);
        String high = submit(caller, "high").then().statusCode(202).extract().path("id");
        assertEquals("2", priorityOf(high));

        // An owner capped at low gets low when it asks for nothing.
        put(caller.owner(), "{\"maxPriority\": \"low\"}").then().statusCode(200);
        String capped = submit(caller, null).then().statusCode(202).extract().path("id");
        assertEquals("0", priorityOf(capped));
    }

    @Test
    void pastRequestsPerMinuteTheOwnerIsRateLimitedAcrossItsKeys() {
        Fixtures.Caller caller = fixtures.newCaller();
        put(caller.owner(), "{\"requestsPerMinute\": 3}").then().statusCode(200);
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(200)
                    .header("RateLimit-Policy", matchesPattern(".*\"per-owner\";q=3;w=60$"))
                    .header("RateLimit", matchesPattern(".*\"per-owner\";r=" + (2 - i) + ";t=\\d+$"));
        }
        given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED")).header("Retry-After", matchesPattern("(19|20)"));
        // Another owner is not held back.
        given().header("Authorization", fixtures.newCaller().bearer()).get("/v1/image-edits").then().statusCode(200);
    }

    private void assertRefused(String owner, String body, String param) {
        put(owner, body).then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"))
                .body("param", equalTo(param));
    }

    private static Response put(String owner, String body) {
        return given().header("Authorization", ADMIN).contentType("application/json").body(body)
                .put("/admin/owners/" + owner + "/limits");
    }

    private static Response submit(Fixtures.Caller caller, String priority) {
        var request = given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", "paint it blue");
        if (priority != null) {
            request.multiPart("priority", priority);
        }
        return request.post("/v1/image-edits");
    }

    private String priorityOf(String jobId) {
        return fixtures.textOf("select priority::text from image_edit_jobs where id = ?::uuid", jobId);
    }
}
