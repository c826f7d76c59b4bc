package dev.overtime.e2e;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The API as a test's caller sees it: submit the sample edit, read jobs, wait for them to end. */
final class Edits {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");
    private static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("samples");
    private static final byte[] PHOTO = read("photo.png");
    private static final byte[] MASK = read("mask.png");

    private final String baseUrl;
    private final String apiKey;
    private final String owner;

    private Edits(String baseUrl, String apiKey, String owner) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.owner = owner;
    }

    /** The sample photo's bytes (samples/photo.png). */
    static byte[] samplePhoto() {
        return PHOTO.clone();
    }

    String owner() {
        return owner;
    }

    String apiKey() {
        return apiKey;
    }

    /** A caller with a fresh API key for {@code owner}. */
    static Edits forNewOwner(Stack stack, String owner) {
        String key = given().baseUri(stack.api().baseUrl())
                .header("Authorization", "Bearer " + Stack.ADMIN_TOKEN).contentType("application/json")
                .body("{\"owner\":\"" + owner + "\"}").post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        return new Edits(stack.api().baseUrl(), key, owner);
    }

    RequestSpecification request() {
        return given().baseUri(baseUrl).header("Authorization", "Bearer " + apiKey);
    }

    /** The sample photo and mask with {@code prompt} and any extra form fields. */
    RequestSpecification edit(String prompt, Map<String, String> fields) {
        RequestSpecification spec = request()
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("mask", "mask.png", MASK, "image/png")
                .multiPart("prompt", prompt)
                .multiPart("size", "auto");
        fields.forEach(spec::multiPart);
        return spec;
    }

    Response submit(String prompt, Map<String, String> fields) {
        return edit(prompt, fields).post("/v1/image-edits");
    }

    /** Submits and insists on 202; the job id. */
    String accepted(String prompt, Map<String, String> fields) {
        return submit(prompt, fields).then().statusCode(202).extract().path("id");
    }

    /**
     * Downloads an output as a client does: the API answers 302 to a presigned URL of the object store, which is
     * fetched as it is (already encoded) and without the API key (browsers and fetch drop Authorization on a
     * cross-origin redirect; S3 refuses a request that carries both a key and a signature).
     */
    byte[] output(String id, int index) {
        String location = request().redirects().follow(false).get("/v1/image-edits/" + id + "/outputs/" + index)
                .then().statusCode(302).header("Cache-Control", "private, no-store").extract().header("Location");
        return given().urlEncodingEnabled(false).redirects().follow(false).get(location)
                .then().statusCode(200).extract().asByteArray();
    }

    Response job(String id) {
        return request().get("/v1/image-edits/" + id);
    }

    String status(String id) {
        return job(id).path("status");
    }

    Response cancel(String id) {
        return request().post("/v1/image-edits/" + id + "/cancel");
    }

    void awaitStatus(String id, String status, Duration atMost) {
        await("job " + id + " " + status).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(status(id)));
    }

    /** Waits until every job has ended, polling their states in turn. */
    void awaitAllTerminal(Collection<String> ids, Duration atMost) {
        await(ids.size() + " jobs terminal").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream().allMatch(id -> TERMINAL.contains(status(id))));
    }

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
