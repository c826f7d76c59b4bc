package dev.overtime.localinfra.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few API calls the local stack makes itself: an API key, the sample edit, its job and its output. */
final class ApiClient {

    // Longer than the API's own request deadline (25 s), so the API answers first; never unbounded.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiUrl;

    ApiClient(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** A job as last read: its status, the server's Retry-After hint in seconds (or -1), and the body. */
    record JobSnapshot(String status, int retryAfterSeconds, JsonNode body) {
    }

    String createApiKey(String adminToken, String owner) {
        HttpRequest request = request("/admin/api-keys", adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("owner", owner).toString()))
                .build();
        return text(send(request, 201), "key");
    }

    /** Submits the photo and mask with a prompt; the new job's id. */
    String submit(String apiKey, Path photo, Path mask, String prompt) {
        String boundary = "overtime-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        filePart(body, boundary, "image", photo);
        filePart(body, boundary, "mask", mask);
        for (Map.Entry<String, String> field : Map.of("prompt", prompt, "size", "auto").entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = request("/v1/image-edits", apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return text(send(request, 202), "id");
    }

    JobSnapshot job(String apiKey, String id) {
        HttpResponse<String> response = sendForResponse(request("/v1/image-edits/" + id, apiKey).GET().build(), 200);
        int retryAfter = response.headers().firstValue("Retry-After").map(ApiClient::seconds).orElse(-1);
        JsonNode body = parse(response.body());
        return new JobSnapshot(body.path("status").asText(""), retryAfter, body);
    }

    /**
     * Saves output 0. The API answers 302 to a presigned URL of the object store (or, with redirects off, the bytes);
     * the URL is fetched without the API key, as a browser's fetch does across origins.
     */
    void downloadOutput(String apiKey, String id, Path target) {
        HttpRequest request = request("/v1/image-edits/" + id + "/outputs/0", apiKey).GET().build();
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() == 302) {
                URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
                request = HttpRequest.newBuilder(location).timeout(REQUEST_TIMEOUT).GET().build();
                response = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
            }
            if (response.statusCode() != 200) {
                Files.deleteIfExists(target);
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, String bearer) {
        return HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + bearer);
    }

    private JsonNode send(HttpRequest request, int expected) {
        return parse(sendForResponse(request, expected).body());
    }

    private HttpResponse<String> sendForResponse(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void filePart(ByteArrayOutputStream body, String boundary, String name, Path file) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            body.writeBytes(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode body, String field) {
        String value = body.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException("the API's answer has no " + field + ": " + body);
        }
        return value;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the API did not answer JSON: " + body, e);
        }
    }

    private static int seconds(String retryAfter) {
        try {
            return Integer.parseInt(retryAfter.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
