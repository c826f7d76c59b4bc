package dev.overtime.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** S3Proxy as a child process: it answers S3, refuses unsigned requests, and leaves nothing behind once closed. */
class S3ProxyServerTest {

    @Test
    void servesS3WithSignaturesCheckedAndStopsOnClose() throws Exception {
        S3ProxyServer server = S3ProxyServer.startFresh();
        String endpoint = server.endpoint();
        try {
            HttpResponse<String> unsigned = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/overtime/anything"))
                            .PUT(HttpRequest.BodyPublishers.ofString("not signed")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // S3Proxy answers an unsigned GET of a missing key with 404 (anonymous reads of public objects), but never
            // lets an unsigned request write.
            assertEquals(403, unsigned.statusCode(), "authorization is on: " + unsigned.body());
            assertTrue(unsigned.body().contains("AccessDenied"), unsigned.body());
            // Logback's default would be DEBUG: thousands of Jetty lines for this one request.
            assertFalse(Files.readString(server.log()).contains(" DEBUG "), "S3Proxy logs warnings and errors only");
        } finally {
            server.close();
        }
        assertFalse(S3ProxyServer.answering(endpoint), "stopped");
    }

    @Test
    void describesItselfToTheServicesAsQuarkusConfigAndEnvironment() {
        S3Access s3 = new S3Access("http://127.0.0.1:9000", "overtime", "ak", "sk");

        assertEquals(Map.of(
                "OVERTIME_STORAGE_ENDPOINT", "http://127.0.0.1:9000",
                "OVERTIME_STORAGE_REGION", "us-east-1",
                "OVERTIME_STORAGE_BUCKET", "overtime",
                "OVERTIME_STORAGE_ACCESS_KEY", "ak",
                "OVERTIME_STORAGE_SECRET_KEY", "sk",
                "OVERTIME_STORAGE_PATH_STYLE", "true"), s3.environment());
        assertEquals("sk", s3.config().get("overtime.storage.secret-key"));
    }
}
