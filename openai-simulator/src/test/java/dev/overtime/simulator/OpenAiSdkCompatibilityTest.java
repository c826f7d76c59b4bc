package dev.overtime.simulator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImagesResponse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the simulator, must work unchanged. */
@QuarkusTest
class OpenAiSdkCompatibilityTest {

    @TestHTTPResource("/v1")
    URL baseUrl;

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        given().post("/__simulator/reset").then().statusCode(200);
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey("sk-test").maxRetries(0).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static ImageEditParams.Builder params() {
        return ImageEditParams.builder()
                .image(TestImages.png(TestImages.gradient(64, 64)))
                .prompt("Add a watercolor effect to this image")
                .model("gpt-image-1.5");
    }

    @Test
    void editsAnImageThroughTheOfficialSdk() {
        ImagesResponse response = client.images().edit(params()
                .mask(TestImages.png(TestImages.maskWithHole(64, 64)))
                .quality(ImageEditParams.Quality.HIGH)
                .build());

        String b64 = response.data().orElseThrow().getFirst().b64Json().orElseThrow();
        BufferedImage out = TestImages.decodeBase64(b64);
        BufferedImage in = TestImages.gradient(64, 64);
        assertEquals(64, out.getWidth());
        assertEquals(64, out.getHeight());
        assertEquals(in.getRGB(0, 0) & 0xffffff, out.getRGB(0, 0) & 0xffffff);
        assertNotEquals(in.getRGB(20, 20) & 0xffffff, out.getRGB(20, 20) & 0xffffff);
        assertEquals("png", response.outputFormat().orElseThrow().asString());
        assertEquals("high", response.quality().orElseThrow().asString());
        assertTrue(response.usage().orElseThrow().totalTokens() > 0);
        assertTrue(response.created() > 0);
    }

    @Test
    void sendsSeveralImagesThroughTheSdk() {
        ImagesResponse response = client.images().edit(params()
                .image(ImageEditParams.Image.ofInputStreams(List.of(
                        new java.io.ByteArrayInputStream(TestImages.png(TestImages.gradient(48, 32))),
                        new java.io.ByteArrayInputStream(TestImages.png(TestImages.gradient(16, 16))))))
                .n(2)
                .build());
        List<com.openai.models.images.Image> data = response.data().orElseThrow();
        assertEquals(2, data.size());
        assertEquals(48, TestImages.decodeBase64(data.get(1).b64Json().orElseThrow()).getWidth());
    }

    @Test
    void streamsThroughTheSdk() {
        try (StreamResponse<ImageEditStreamEvent> stream = client.images().editStreaming(params().partialImages(1).build())) {
            List<ImageEditStreamEvent> events = stream.stream().toList();
            assertEquals(2, events.size());
            assertTrue(events.get(0).isPartialImage());
            assertEquals(0, events.get(0).asPartialImage().partialImageIndex());
            String b64 = events.get(1).asCompleted().b64Json();
            assertEquals(64, TestImages.decodeBase64(b64).getWidth());
        }
    }

    @Test
    void sdkSeesOpenAiErrors() {
        BadRequestException invalid = assertThrows(BadRequestException.class,
                () -> client.images().edit(params().n(11).build()));
        assertEquals(400, invalid.statusCode());
        assertEquals("n", invalid.param().orElseThrow());
        assertEquals("integer_above_max_value", invalid.code().orElseThrow());

        given().contentType(ContentType.JSON).body(Map.of("faults", "rate_limit=1")).put("/__simulator/config")
                .then().statusCode(200);
        RateLimitException limited = assertThrows(RateLimitException.class, () -> client.images().edit(params().build()));
        assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
        assertTrue(limited.headers().values("retry-after-ms").size() == 1);
    }
}
