package dev.overtime.api.imageedit;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Image inputs by URL at submit, over real PostgreSQL and Kafka (no worker runs here): multipart {@code image_url}
 * and OpenAI's JSON form are the same job, answered 202 without fetching anything; a URL of the wrong shape is a 400
 * and nothing is stored.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class ImageUrlSubmitTest {

    private static final String PHOTO_URL = "https://images.example.com/cats/tabby.png?sig=secret";
    private static final String SECOND_URL = "https://images.example.com/cats/ginger.jpg";
    private static final String MASK_URL = "https://images.example.com/cats/mask.png";

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectStore store;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    private RequestSpecification multipart(String prompt) {
        return given().header("Authorization", caller.bearer())
                .multiPart("prompt", prompt)
                .multiPart("image_url", PHOTO_URL)
                .multiPart("image_url", SECOND_URL)
                .multiPart("mask_url", MASK_URL)
                .multiPart("n", "2")
                .multiPart("quality", "low");
    }

    private RequestSpecification json(String body) {
        return given().header("Authorization", caller.bearer()).contentType("application/json").body(body);
    }

    private static String jsonEdit(String prompt) {
        return """
                {"prompt": "%s", "images": [{"image_url": "%s"}, {"image_url": "%s"}],
                 "mask": {"image_url": "%s"}, "n": 2, "quality": "low"}""".formatted(prompt, PHOTO_URL, SECOND_URL, MASK_URL);
    }

    @Test
    void aMultipartEditByUrlIsAcceptedAt202WithItsUrlsStoredForTheWorker() {
        String id = multipart("paint the cats").post("/v1/image-edits").then().statusCode(202)
                .body("status", equalTo("queued")).extract().path("id");

        assertEquals(3, fixtures.countRows("select count(*) from image_edit_inputs where job_id = ?::uuid"
                + " and object_key is null and sha256 is null and content_type is null", id), "nothing fetched yet");
        assertEquals(PHOTO_URL, fixtures.textOf("select source_url from image_edit_inputs where job_id = ?::uuid"
                + " and role = 'image' and position = 0", id));
        assertEquals(SECOND_URL, fixtures.textOf("select source_url from image_edit_inputs where job_id = ?::uuid"
                + " and role = 'image' and position = 1", id));
        assertEquals(MASK_URL, fixtures.textOf("select source_url from image_edit_inputs where job_id = ?::uuid"
                + " and role = 'mask' and position = 0", id));
        assertEquals("tabby.png", fixtures.textOf("select filename from image_edit_inputs where job_id = ?::uuid"
                + " and role = 'image' and position = 0", id), "the URL's last path segment, no query");
    }

    @Test
    void aJsonEditIsTheSameJobAsItsMultipartForm() {
        String fromForm = multipart("same either way").post("/v1/image-edits").then().statusCode(202)
                .extract().path("id");
        String fromJson = json(jsonEdit("same either way")).post("/v1/image-edits").then().statusCode(202)
                .body("status", equalTo("queued")).extract().path("id");

        String job = "select concat_ws('|', model, prompt, n, size, quality, input_hash) from image_edit_jobs where id = ?::uuid";
        assertEquals(fixtures.textOf(job, fromForm), fixtures.textOf(job, fromJson));
        String inputs = "select string_agg(concat_ws('|', role, position, filename, source_url), ',' order by role, position)"
                + " from image_edit_inputs where job_id = ?::uuid";
        assertEquals(fixtures.textOf(inputs, fromForm), fixtures.textOf(inputs, fromJson));
    }

    @Test
    void reuseAndIdempotencyKeysWorkForUrlInputs() {
        String id = json(jsonEdit("reuse by url")).post("/v1/image-edits").then().statusCode(202).extract().path("id");
        fixtures.execute("update image_edit_jobs set status = 'succeeded', finished_at = now() where id = ?::uuid", id);

        multipart("reuse by url").multiPart("reuse", "true").post("/v1/image-edits").then()
                .statusCode(200).body("id", equalTo(id)).body("status", equalTo("succeeded"));

        String key = "url-key-" + UUID.randomUUID();
        String first = json(jsonEdit("keyed by url")).header("Idempotency-Key", key).post("/v1/image-edits")
                .then().statusCode(202).extract().path("id");
        json(jsonEdit("keyed by url")).header("Idempotency-Key", key).post("/v1/image-edits")
                .then().statusCode(202).body("id", equalTo(first));
        assertEquals(2, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void variantsAreStoredForTheWorkerAndWebpIsRefusedSayingWhy() {
        String id = json("""
                {"prompt": "with variants", "images": [{"image_url": "%s"}], "variants": ["256.png", "1024.JPG"]}"""
                .formatted(PHOTO_URL)).post("/v1/image-edits").then().statusCode(202).extract().path("id");
        assertEquals("256.png,1024.jpg", fixtures.textOf("select variants from image_edit_jobs where id = ?::uuid", id));

        given().header("Authorization", caller.bearer()).multiPart("prompt", "webp").multiPart("image_url", PHOTO_URL)
                .multiPart("variants", "256.png,512.webp").post("/v1/image-edits").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("variants"))
                .body("message", containsString("WebP"));
        given().header("Authorization", caller.bearer()).multiPart("prompt", "upscale").multiPart("image_url", PHOTO_URL)
                .multiPart("variants", "9000.png").post("/v1/image-edits").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("variants"));
        assertEquals(1, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void aVariantIsListedOnItsOutputAndServedLikeIt() {
        String id = json(jsonEdit("served variant")).post("/v1/image-edits").then().statusCode(202).extract().path("id");
        byte[] small = TestImages.photo(32, 32);
        String key = "variants/" + id + "/1/0/32.png";
        store.put(key, new java.io.ByteArrayInputStream(small), small.length, "image/png");
        fixtures.execute("update image_edit_jobs set status = 'succeeded', finished_at = now(), version = version + 1"
                + " where id = ?::uuid", id);
        fixtures.execute("insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes,"
                + " object_key, sha256, expires_at, created_at) values (?::uuid, 0, 'image/png', 64, 64, 100,"
                + " 'outputs/x', sha256('x'), now() + interval '1 day', now())", id);
        fixtures.execute("insert into image_edit_output_variants (job_id, position, name, content_type, width, height,"
                + " size_bytes, object_key, sha256, expires_at) values (?::uuid, 0, '32.png', 'image/png', 32, 32, "
                + small.length + ", '" + key + "', sha256('x'), now() + interval '1 day')", id);

        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id).then().statusCode(200)
                .body("outputs[0].variants[0].name", equalTo("32.png"))
                .body("outputs[0].variants[0].width", equalTo(32))
                .body("outputs[0].variants[0].bytes", equalTo(small.length))
                .body("outputs[0].variants[0].url", equalTo("/v1/image-edits/" + id + "/outputs/0/variants/32.png"));
        given().header("Authorization", caller.bearer()).redirects().follow(false)
                .get("/v1/image-edits/" + id + "/outputs/0/variants/32.png").then().statusCode(302)
                .header("Location", containsString("32.png"));
        given().header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + id + "/outputs/0/variants/64.png").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void urlsOfTheWrongShapeAreRefusedWith400AndNothingIsStored() {
        for (String url : new String[] {"ftp://images.example.com/a.png", "https://user:pw@images.example.com/a.png",
                "not a url", "https:///no-host.png", ""}) {
            given().header("Authorization", caller.bearer()).multiPart("prompt", "bad").multiPart("image_url", url)
                    .post("/v1/image-edits").then().statusCode(400)
                    .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("image_url"));
        }
        given().header("Authorization", caller.bearer()).multiPart("prompt", "mixed")
                .multiPart("image", "photo.png", TestImages.photo(16, 16), "image/png")
                .multiPart("image_url", PHOTO_URL)
                .post("/v1/image-edits").then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"));
        json("{\"prompt\": \"by id\", \"images\": [{\"file_id\": \"file-123\"}]}").post("/v1/image-edits").then()
                .statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("images"));
        json("{\"prompt\": \"no images\"}").post("/v1/image-edits").then()
                .statusCode(400).body("code", equalTo("IMAGE_REQUIRED"));
        json("[1, 2]").post("/v1/image-edits").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }
}
