package dev.overtime.api.models;

import dev.overtime.api.support.Fixtures;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import static dev.overtime.api.models.RetiringModelsProfile.DEFAULT;
import static dev.overtime.api.models.RetiringModelsProfile.INFO;
import static dev.overtime.api.models.RetiringModelsProfile.REFUSED;
import static dev.overtime.api.models.RetiringModelsProfile.SUBSTITUTED;
import static dev.overtime.api.models.RetiringModelsProfile.SUCCESSOR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Model retirement over HTTP, real PostgreSQL and Kafka (no worker: jobs stay queued): before the sunset a submit
 * carries {@code Deprecation} and {@code Sunset} and its job view a {@code modelNotice}; after it a model is refused
 * with {@code MODEL_RETIRED} storing nothing, or substituted with {@code modelSubstitutedFrom} kept; batches alike.
 */
@QuarkusTest
@TestProfile(RetiringModelsProfile.class)
@WithTestResource(RealInfrastructureResource.class)
class ModelRetirementTest {

    private static final Instant DEPRECATED_AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant SUNSET = Instant.parse("2099-12-01T00:00:00Z");

    @Inject
    Fixtures fixtures;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    private RequestSpecification asCaller() {
        return given().header("Authorization", caller.bearer()).contentType("application/json");
    }

    /** An edit by URL; {@code model} null sends none, so the default model applies. */
    private static String edit(String model) {
        return """
                {%s"prompt": "make it blue", "images": [{"image_url": "https://images.example.com/a.png"}]}"""
                .formatted(model == null ? "" : "\"model\": \"" + model + "\", ");
    }

    private static String batch(String... models) {
        StringBuilder items = new StringBuilder();
        for (String model : models) {
            items.append(items.isEmpty() ? "" : ",").append("{\"image_url\": \"https://images.example.com/b.png\"")
                    .append(model == null ? "" : ", \"model\": \"" + model + "\"").append('}');
        }
        return "{\"defaults\": {\"prompt\": \"batch\"}, \"items\": [" + items + "]}";
    }

    @Test
    void beforeItsSunsetASubmitForTheDefaultModelCarriesDeprecationAndSunsetAndItsViewTheNotice() {
        Response accepted = asCaller().body(edit(null)).post("/v1/image-edits");
        accepted.then().statusCode(202)
                .header("Deprecation", "@1780272000")
                .header("Sunset", "Tue, 01 Dec 2099 00:00:00 GMT")
                .header("Link", "<" + INFO + ">; rel=\"deprecation\"")
                .body("model", equalTo(DEFAULT))
                .body("modelSubstitutedFrom", nullValue())
                .body("modelNotice.deprecatedAt", equalTo("2026-06-01T00:00:00Z"))
                .body("modelNotice.sunset", equalTo("2099-12-01T00:00:00Z"))
                .body("modelNotice.successor", equalTo(SUCCESSOR))
                .body("modelNotice.onSunset", equalTo("refuse"))
                .body("modelNotice.info", equalTo(INFO));
        // Parsed as a client would: an RFC 9745 structured-field date and an RFC 8594 HTTP-date.
        assertEquals(DEPRECATED_AT, Instant.ofEpochSecond(Long.parseLong(accepted.header("Deprecation").substring(1))));
        assertEquals(SUNSET, ZonedDateTime.parse(accepted.header("Sunset"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant());

        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + accepted.path("id")).then()
                .statusCode(200).body("modelNotice.sunset", equalTo("2099-12-01T00:00:00Z"))
                .body("modelNotice.successor", equalTo(SUCCESSOR)).header("Deprecation", nullValue());
    }

    @Test
    void aModelWithNoRetirementGetsNoHeadersAndNoNotice() {
        asCaller().body(edit(SUCCESSOR)).post("/v1/image-edits").then().statusCode(202)
                .header("Deprecation", nullValue()).header("Sunset", nullValue())
                .body("modelNotice", nullValue());
    }

    @Test
    void afterItsSunsetAModelToRefuseIsRefusedWithModelRetiredAndNothingIsStored() {
        asCaller().body(edit(REFUSED)).post("/v1/image-edits").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MODEL_RETIRED"))
                .body("param", equalTo("model"))
                .body("message", equalTo("Model '" + REFUSED + "' was retired on 2020-01-01T00:00:00Z; use '"
                        + SUCCESSOR + "' instead."));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_inputs i join image_edit_jobs j"
                + " on j.id = i.job_id where j.owner = ?", caller.owner()));
    }

    @Test
    void afterItsSunsetAModelToSubstituteRunsOnItsSuccessorWithTheRequestedModelKept() {
        String id = asCaller().body(edit(SUBSTITUTED)).post("/v1/image-edits").then().statusCode(202)
                .body("model", equalTo(SUCCESSOR))
                .body("modelSubstitutedFrom", equalTo(SUBSTITUTED))
                .header("Deprecation", nullValue())
                .extract().path("id");

        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id).then().statusCode(200)
                .body("model", equalTo(SUCCESSOR)).body("modelSubstitutedFrom", equalTo(SUBSTITUTED));
        assertEquals(SUCCESSOR, fixtures.textOf("select model from image_edit_jobs where id = ?::uuid",
                UUID.fromString(id)));
        assertEquals(SUBSTITUTED, fixtures.textOf("select model_substituted_from from image_edit_jobs"
                + " where id = ?::uuid", UUID.fromString(id)));
    }

    @Test
    void aBatchWithARetiredItemIsRefusedWholeNamingTheItem() {
        asCaller().body(batch(SUCCESSOR, REFUSED)).post("/v1/image-edit-batches").then().statusCode(400)
                .body("code", equalTo("MODEL_RETIRED")).body("param", equalTo("items[1].model"))
                .body("message", containsString("use '" + SUCCESSOR + "' instead"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_batches where owner = ?", caller.owner()));
    }

    @Test
    void aBatchCarriesTheSunsetOfItsItemsAndSubstitutesTheirRetiredModels() {
        String id = asCaller().body(batch(null, SUBSTITUTED)).post("/v1/image-edit-batches").then().statusCode(202)
                .header("Deprecation", "@1780272000")
                .header("Sunset", "Tue, 01 Dec 2099 00:00:00 GMT")
                .extract().path("id");

        String first = asCaller().get("/v1/image-edit-batches/" + id).path("items[0].jobId");
        String second = asCaller().get("/v1/image-edit-batches/" + id).path("items[1].jobId");
        asCaller().get("/v1/image-edits/" + first).then().statusCode(200)
                .body("model", equalTo(DEFAULT)).body("modelNotice.successor", equalTo(SUCCESSOR));
        asCaller().get("/v1/image-edits/" + second).then().statusCode(200)
                .body("model", equalTo(SUCCESSOR)).body("modelSubstitutedFrom", equalTo(SUBSTITUTED));
        assertNull(fixtures.textOf("select model_substituted_from from image_edit_jobs where id = ?::uuid",
                UUID.fromString(first)));
    }
}
