package dev.overtime.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApiKeyProfile.class)
class ConfiguredApiKeyTest {

    private static final byte[] IMAGE = TestImages.png(TestImages.gradient(16, 16));

    @Test
    void rejectsAWrongKeyWhenOneIsConfigured() {
        given().header("Authorization", "Bearer sk-wrong-key-12345").multiPart("image", "in.png", IMAGE, "image/png")
                .multiPart("prompt", "x").post("/v1/images/edits").then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void acceptsTheConfiguredKey() {
        given().header("Authorization", "Bearer " + ApiKeyProfile.KEY).multiPart("image", "in.png", IMAGE, "image/png")
                .multiPart("prompt", "x").post("/v1/images/edits").then()
                .statusCode(200)
                .body("size", equalTo("16x16"));
    }
}
