package dev.overtime.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModerationResourceTest {

    @BeforeEach
    void reset() {
        given().post("/__simulator/reset").then().statusCode(200);
    }

    private static RequestSpecification moderation(Object body) {
        return given().header("Authorization", "Bearer sk-test").contentType(ContentType.JSON).body(body);
    }

    @Test
    void flagsTextContainingTheBlockedWord() {
        moderation(Map.of("input", "please draw a Forbidden-Word here"))
                .post("/v1/moderations").then().statusCode(200)
                .header("x-request-id", matchesPattern("req_[0-9a-f]+"))
                .body("id", matchesPattern("modr-[0-9a-f]+"))
                .body("model", equalTo("omni-moderation-latest"))
                .body("results", hasSize(1))
                .body("results[0].flagged", equalTo(true))
                .body("results[0].categories.violence", equalTo(true))
                .body("results[0].categories.'hate/threatening'", equalTo(false))
                .body("results[0].category_scores.violence", greaterThan(0.5f))
                .body("results[0].category_applied_input_types.violence", equalTo(List.of("text")));
    }

    @Test
    void passesHarmlessTextAndAnswersOneResultPerString() {
        moderation(Map.of("input", List.of("a cat", "a dog", "a forbidden-word"), "model", "omni-moderation-2024-09-26"))
                .post("/v1/moderations").then().statusCode(200)
                .body("model", equalTo("omni-moderation-2024-09-26"))
                .body("results", hasSize(3))
                .body("results[0].flagged", equalTo(false))
                .body("results[0].category_scores.violence", lessThan(0.01f))
                .body("results[2].flagged", equalTo(true));
    }

    @Test
    void acceptsMultiModalInput() {
        moderation(Map.of("input", List.of(Map.of("type", "text", "text", "hello"),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/a.png")))))
                .post("/v1/moderations").then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].flagged", equalTo(false))
                .body("results[0].category_applied_input_types.violence", equalTo(List.of("text", "image")));
    }

    @Test
    void rejectsMissingInputUnknownModelsAndBrokenJson() {
        moderation(Map.of("model", "omni-moderation-latest")).post("/v1/moderations").then().statusCode(400)
                .body("error.code", equalTo("missing_required_parameter")).body("error.param", equalTo("input"));
        moderation(Map.of("input", "x", "model", "gpt-4o")).post("/v1/moderations").then().statusCode(400)
                .body("error.code", equalTo("invalid_value")).body("error.param", equalTo("model"));
        moderation("{not json").post("/v1/moderations").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType(ContentType.JSON).body(Map.of("input", "x")).post("/v1/moderations").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void followsItsOwnFaultSettings() {
        given().contentType(ContentType.JSON).body(Map.of("moderation", Map.of("faults", "server_error=1")))
                .put("/__simulator/config").then().statusCode(200);
        moderation(Map.of("input", "x")).post("/v1/moderations").then().statusCode(500)
                .body("error.code", equalTo("server_error"));
        ImageEditResourceTest.edit().multiPart("prompt", "x").post("/v1/images/edits").then().statusCode(200);
        given().get("/__simulator/stats").then()
                .body("moderations.total", equalTo(1))
                .body("moderations.outcomes.server_error", equalTo(1))
                .body("edits.outcomes.ok", equalTo(1));
    }
}
