package dev.overtime.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The packaged simulator (the JVM jar, or the native executable under {@code -Pnative}): what a container runs.
 * Proves the production profile starts, answers health probes and serialises its wire records, which is
 * where a native build loses reflection metadata first.
 */
@QuarkusIntegrationTest
class PackagedSimulatorIT {

    private static final byte[] IMAGE = TestImages.png(TestImages.gradient(32, 32));
    private static final byte[] MASK = TestImages.png(TestImages.maskWithHole(32, 32));

    @Test
    void answersEveryHealthProbe() {
        for (String probe : new String[] {"live", "ready", "started"}) {
            given().get("/q/health/" + probe).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void editsAnImageAndAnswersInOpenAisSnakeCaseEnvelope() {
        String b64 = given().header("Authorization", "Bearer sk-it")
                .multiPart("image", "in.png", IMAGE, "image/png")
                .multiPart("mask", "mask.png", MASK, "image/png")
                .multiPart("prompt", "paint the square red")
                .post("/v1/images/edits")
                .then().statusCode(200)
                .body("data", hasSize(1))
                .body("output_format", equalTo("png"))
                .body("usage.input_tokens_details.text_tokens", equalTo(5))
                .extract().path("data[0].b64_json");
        BufferedImage out = TestImages.decodeBase64(b64);
        assertEquals(32, out.getWidth());
    }

    @Test
    void rejectsAnUnknownModelWithOpenAisErrorEnvelope() {
        given().header("Authorization", "Bearer sk-it")
                .multiPart("image", "in.png", IMAGE, "image/png")
                .multiPart("prompt", "paint it")
                .multiPart("model", "no-such-model")
                .post("/v1/images/edits")
                .then().statusCode(400)
                .body("error.param", equalTo("model"))
                .body("error.type", equalTo("invalid_request_error"));
    }
}
