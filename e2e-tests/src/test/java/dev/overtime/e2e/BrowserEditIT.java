package dev.overtime.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page in a real browser: headless Debian chromium, driven by playwright-core, loads the
 * page from the running stack, paints a mask, submits, and waits until the edited image is shown.
 * Fails (never skips) when node or chromium is missing: ./overtime test installs both.
 */
class BrowserEditIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path BROWSER = Path.of("src", "test", "browser").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "page.png").toAbsolutePath();

    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of()).exitCode(), "npm ci in " + BROWSER);
        }
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "1s"), Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void editsAnImageThroughThePageInChromium() throws Exception {
        String key = given().baseUri(stack.api().baseUrl()).header("Authorization", "Bearer " + Stack.ADMIN_TOKEN)
                .contentType("application/json").body("{\"owner\":\"browser\"}").post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        Files.deleteIfExists(SCREENSHOT);

        Result result = run(List.of("node", "edit-in-browser.mjs"), Map.of(
                "BASE_URL", stack.api().baseUrl(),
                "API_KEY", key,
                "PHOTO", ROOT.resolve("samples/photo.png").toString(),
                "SCREENSHOT", SCREENSHOT.toString()));
        assertEquals(0, result.exitCode(), "browser run failed:\n" + result.output() + "\napi log:\n" + stack.api().logTail());
        assertTrue(result.output().contains("\"ok\":true"), result.output());

        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertTrue(png.length > 20_000, "a real screenshot, not a blank page: " + png.length + " bytes");
        // The job the page submitted finished with a mask that the API accepted.
        given().baseUri(stack.api().baseUrl()).header("Authorization", "Bearer " + key).get("/v1/image-edits")
                .then().statusCode(200)
                .body("data.size()", org.hamcrest.Matchers.equalTo(1))
                .body("data[0].status", org.hamcrest.Matchers.equalTo("succeeded"));
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(BROWSER.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), command + " timed out");
        return new Result(process.exitValue(), output);
    }
}
