package dev.overtime.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImageEditResourceTest {

    private static final byte[] IMAGE = TestImages.png(TestImages.gradient(64, 64));
    private static final byte[] MASK = TestImages.png(TestImages.maskWithHole(64, 64));

    @BeforeEach
    void reset() {
        given().post("/__simulator/reset").then().statusCode(200);
    }

    static RequestSpecification edit() {
        return given().header("Authorization", "Bearer sk-test").multiPart("image", "in.png", IMAGE, "image/png");
    }

    @Test
    void editsOnlyInsideTheMaskAndKeepsTheInputSize() {
        Response response = edit().multiPart("mask", "mask.png", MASK, "image/png")
                .multiPart("prompt", "paint the square red")
                .when().post("/v1/images/edits")
                .then().statusCode(200)
                .contentType("application/json")
                .header("x-request-id", matchesPattern("req_[0-9a-f]{32}"))
                .header("openai-processing-ms", matchesPattern("\\d+"))
                .header("x-ratelimit-limit-requests", "5000")
                .header("x-ratelimit-remaining-requests", matchesPattern("\\d+"))
                .header("x-ratelimit-reset-requests", notNullValue())
                .header("x-ratelimit-limit-tokens", matchesPattern("\\d+"))
                .header("x-ratelimit-remaining-tokens", matchesPattern("\\d+"))
                .header("x-ratelimit-reset-tokens", notNullValue())
                .body("created", greaterThan(1_700_000_000))
                .body("data", hasSize(1))
                .body("output_format", equalTo("png"))
                .body("size", equalTo("64x64"))
                .body("background", equalTo("opaque"))
                .body("quality", equalTo("medium"))
                .body("usage.input_tokens_details.text_tokens", equalTo(5))
                .body("usage.input_tokens_details.image_tokens", greaterThan(0))
                .body("usage.output_tokens", greaterThan(0))
                .extract().response();
        byte[] png = Base64.getDecoder().decode(response.path("data[0].b64_json").toString());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        BufferedImage out = TestImages.decode(png);
        BufferedImage in = TestImages.decode(IMAGE);
        assertEquals(64, out.getWidth());
        assertEquals(64, out.getHeight());
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int before = in.getRGB(x, y) & 0xffffff;
                int after = out.getRGB(x, y) & 0xffffff;
                if (TestImages.inHole(x, y)) {
                    changedInside += before != after ? 1 : 0;
                } else {
                    assertEquals(before, after, "pixel outside the mask changed at " + x + "," + y);
                }
            }
        }
        int hole = (TestImages.HOLE_TO - TestImages.HOLE_FROM) * (TestImages.HOLE_TO - TestImages.HOLE_FROM);
        assertEquals(hole, changedInside);
        int total = response.path("usage.total_tokens");
        int input = response.path("usage.input_tokens");
        int output = response.path("usage.output_tokens");
        assertEquals(input + output, total);
    }

    @Test
    void tintsTheWholeImageWithoutAMask() {
        String b64 = edit().multiPart("prompt", "make it blue").multiPart("size", "auto")
                .post("/v1/images/edits").then().statusCode(200).extract().path("data[0].b64_json");
        BufferedImage out = TestImages.decodeBase64(b64);
        BufferedImage in = TestImages.decode(IMAGE);
        for (int[] p : new int[][] {{0, 0}, {63, 63}, {5, 40}}) {
            assertNotEquals(in.getRGB(p[0], p[1]) & 0xffffff, out.getRGB(p[0], p[1]) & 0xffffff);
        }
    }

    @Test
    void theSamePromptAlwaysGivesTheSameColour() {
        String first = edit().multiPart("prompt", "stable").post("/v1/images/edits").then().extract().path("data[0].b64_json");
        String second = edit().multiPart("prompt", "stable").post("/v1/images/edits").then().extract().path("data[0].b64_json");
        assertEquals(first, second);
    }

    @Test
    void answersNSlightlyDifferentImagesFromImageArrays() {
        Response response = given().header("Authorization", "Bearer sk-test")
                .multiPart("image[]", "a.png", IMAGE, "image/png")
                .multiPart("image[]", "b.jpg", TestImages.jpeg(TestImages.gradient(32, 32)), "image/jpeg")
                .multiPart("prompt", "combine").multiPart("n", "3")
                .post("/v1/images/edits").then().statusCode(200).body("data", hasSize(3)).extract().response();
        List<String> images = response.path("data.b64_json");
        assertEquals(3, images.stream().distinct().count());
        images.forEach(b64 -> assertEquals(64, TestImages.decodeBase64(b64).getWidth()));
    }

    @Test
    void scalesToARequestedSize() {
        String b64 = edit().multiPart("prompt", "bigger").multiPart("size", "1024x1536")
                .post("/v1/images/edits").then().statusCode(200).body("size", equalTo("1024x1536"))
                .extract().path("data[0].b64_json");
        BufferedImage out = TestImages.decodeBase64(b64);
        assertEquals(1024, out.getWidth());
        assertEquals(1536, out.getHeight());
    }

    @Test
    void editsALargePhotoWithItsMaskAtTheGptImageSizeOfItsShape() {
        // 4000x3000 with a mask of the same canvas: read subsampled, answered at 1536x1024 as OpenAI would.
        byte[] large = TestImages.png(TestImages.gradient(4000, 3000));
        byte[] mask = TestImages.png(TestImages.maskWithHole(4000, 3000));
        String b64 = given().header("Authorization", "Bearer sk-test")
                .multiPart("image", "large.png", large, "image/png").multiPart("mask", "mask.png", mask, "image/png")
                .multiPart("prompt", "paint the square red").multiPart("size", "auto")
                .post("/v1/images/edits").then().statusCode(200).body("size", equalTo("1536x1024"))
                .extract().path("data[0].b64_json");
        BufferedImage out = TestImages.decodeBase64(b64);
        assertEquals(1536, out.getWidth());
        assertEquals(1024, out.getHeight());
    }

    @Test
    void acceptsFreeSizesForModelsThatAllowThem() {
        edit().multiPart("prompt", "wide").multiPart("model", "gpt-image-2").multiPart("size", "96x32")
                .post("/v1/images/edits").then().statusCode(200).body("size", equalTo("96x32"));
    }

    @Test
    void encodesJpegWhenAsked() {
        String b64 = edit().multiPart("prompt", "as jpeg").multiPart("output_format", "jpeg")
                .multiPart("output_compression", "50")
                .post("/v1/images/edits").then().statusCode(200).body("output_format", equalTo("jpeg"))
                .extract().path("data[0].b64_json");
        byte[] bytes = Base64.getDecoder().decode(b64);
        assertEquals(0xff, bytes[0] & 0xff);
        assertEquals(0xd8, bytes[1] & 0xff);
        assertEquals(64, TestImages.decode(bytes).getWidth());
    }

    @Test
    void streamsPartialImagesThenTheCompletedImage() {
        String body = edit().multiPart("prompt", "stream it").multiPart("stream", "true").multiPart("partial_images", "2")
                .post("/v1/images/edits").then().statusCode(200).contentType(matchesPattern("text/event-stream.*"))
                .extract().asString();
        List<String> events = body.lines().filter(l -> l.startsWith("event: ")).toList();
        assertEquals(List.of("event: image_edit.partial_image", "event: image_edit.partial_image",
                "event: image_edit.completed"), events);
        assertTrue(body.contains("\"partial_image_index\":1"), body.substring(0, Math.min(200, body.length())));
        assertTrue(body.contains("\"usage\":{"));
    }

    // ---- validation ----

    private static void rejected(RequestSpecification request, int status, String type, String code, String param) {
        request.post("/v1/images/edits").then()
                .statusCode(status)
                .contentType("application/json")
                .header("x-request-id", matchesPattern("req_[0-9a-f]+"))
                .body("error.type", equalTo(type))
                .body("error.code", equalTo(code))
                .body("error.param", param == null ? nullValue() : equalTo(param))
                .body("error.message", notNullValue());
    }

    @Test
    void rejectsAMissingPrompt() {
        rejected(edit(), 400, "invalid_request_error", "missing_required_parameter", "prompt");
    }

    @Test
    void rejectsAMissingImage() {
        rejected(given().header("Authorization", "Bearer sk-test").multiPart("prompt", "x"),
                400, "invalid_request_error", "missing_required_parameter", "image");
    }

    @Test
    void rejectsAnUnknownModel() {
        rejected(edit().multiPart("prompt", "x").multiPart("model", "gpt-4o"), 400, "invalid_request_error",
                "invalid_value", "model");
    }

    @Test
    void rejectsARetiredModel() {
        rejected(edit().multiPart("prompt", "x").multiPart("model", "dall-e-2"), 400, "invalid_request_error",
                "invalid_value", "model");
    }

    @Test
    void rejectsMoreThanTenImages() {
        rejected(edit().multiPart("prompt", "x").multiPart("n", "11"), 400, "invalid_request_error",
                "integer_above_max_value", "n");
        rejected(edit().multiPart("prompt", "x").multiPart("n", "0"), 400, "invalid_request_error",
                "integer_below_min_value", "n");
    }

    @Test
    void rejectsASizeTheModelDoesNotOffer() {
        rejected(edit().multiPart("prompt", "x").multiPart("size", "1000x1000"), 400, "invalid_request_error",
                "invalid_value", "size");
        rejected(edit().multiPart("prompt", "x").multiPart("model", "gpt-image-2").multiPart("size", "1000x1000"),
                400, "invalid_request_error", "invalid_value", "size");
        rejected(edit().multiPart("prompt", "x").multiPart("model", "gpt-image-2").multiPart("size", "3200x320"),
                400, "invalid_request_error", "invalid_value", "size");
    }

    @Test
    void rejectsBadEnumsAndRanges() {
        rejected(edit().multiPart("prompt", "x").multiPart("output_format", "gif"), 400, "invalid_request_error",
                "invalid_value", "output_format");
        rejected(edit().multiPart("prompt", "x").multiPart("quality", "ultra"), 400, "invalid_request_error",
                "invalid_value", "quality");
        rejected(edit().multiPart("prompt", "x").multiPart("output_compression", "101"), 400, "invalid_request_error",
                "integer_above_max_value", "output_compression");
        rejected(edit().multiPart("prompt", "x").multiPart("partial_images", "4"), 400, "invalid_request_error",
                "integer_above_max_value", "partial_images");
        rejected(edit().multiPart("prompt", "x").multiPart("background", "transparent").multiPart("output_format", "jpeg"),
                400, "invalid_request_error", "invalid_value", "background");
    }

    @Test
    void rejectsAPromptLongerThanTheModelAllows() {
        rejected(edit().multiPart("prompt", "a".repeat(32_001)), 400, "invalid_request_error",
                "string_above_max_length", "prompt");
    }

    @Test
    void rejectsAMaskOfAnotherSize() {
        rejected(edit().multiPart("prompt", "x")
                        .multiPart("mask", "mask.png", TestImages.png(TestImages.maskWithHole(32, 64)), "image/png"),
                400, "invalid_request_error", "invalid_mask_image", "mask");
    }

    @Test
    void rejectsAMaskWithoutAlpha() {
        rejected(edit().multiPart("prompt", "x")
                        .multiPart("mask", "mask.png", TestImages.png(TestImages.gradient(64, 64)), "image/png"),
                400, "invalid_request_error", "invalid_mask_image", "mask");
    }

    @Test
    void rejectsATextFileNamedLikeAPng() {
        rejected(given().header("Authorization", "Bearer sk-test")
                        .multiPart("image", "cat.png", "definitely not a picture".getBytes(StandardCharsets.UTF_8), "image/png")
                        .multiPart("prompt", "x"),
                400, "invalid_request_error", "invalid_image_file", "image");
    }

    @Test
    void rejectsATruncatedPng() {
        rejected(given().header("Authorization", "Bearer sk-test")
                        .multiPart("image", "cut.png", java.util.Arrays.copyOf(IMAGE, 40), "image/png")
                        .multiPart("prompt", "x"),
                400, "invalid_request_error", "invalid_image_file", "image");
    }

    @Test
    void rejectsRequestsWithoutABearerToken() {
        rejected(given().multiPart("image", "in.png", IMAGE, "image/png").multiPart("prompt", "x"),
                401, "invalid_request_error", "invalid_api_key", null);
        rejected(given().header("Authorization", "Basic abc").multiPart("image", "in.png", IMAGE, "image/png")
                .multiPart("prompt", "x"), 401, "invalid_request_error", "invalid_api_key", null);
    }

    @Test
    void blocksPromptsContainingABlockedWord() {
        rejected(edit().multiPart("prompt", "draw a forbidden-word"), 400, "image_generation_user_error",
                "moderation_blocked", null);
        edit().multiPart("prompt", "draw a forbidden-word").post("/v1/images/edits").then().statusCode(400)
                .body("error.moderation_details.moderation_stage", equalTo("input"))
                .body("error.moderation_details.categories", equalTo(java.util.List.of("violence")));
    }

    @Test
    void countsEditsByOutcome() {
        edit().multiPart("prompt", "fine").post("/v1/images/edits").then().statusCode(200);
        edit().post("/v1/images/edits").then().statusCode(400);
        given().get("/__simulator/stats").then().statusCode(200)
                .body("edits.total", equalTo(2))
                .body("edits.in_flight", equalTo(0))
                .body("edits.outcomes.ok", equalTo(1))
                .body("edits.outcomes.invalid_request", equalTo(1))
                .body("moderations.total", equalTo(0));
    }
}
