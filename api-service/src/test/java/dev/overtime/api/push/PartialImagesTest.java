package dev.overtime.api.push;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** partial_images is accepted (1-3) and stored on the job; stored partial images are served to their owner only. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class PartialImagesTest {

    @Inject
    Fixtures fixtures;

    private String submit(Fixtures.Caller caller, String partialImages) {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .multiPart("partial_images", partialImages)
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
    }

    @Test
    void storesTheRequestedNumberOfPartialImagesOnTheJob() {
        Fixtures.Caller caller = fixtures.newCaller();
        String id = submit(caller, "2");
        assertEquals(1, fixtures.countRows("select count(*) from image_edit_jobs where id = ?::uuid and partial_images = 2", id));
    }

    @Test
    void refusesPartialImagesOutsideOneToThreeAndStoresNothing() {
        Fixtures.Caller caller = fixtures.newCaller();
        for (String value : new String[]{"4", "-1", "many"}) {
            given().header("Authorization", caller.bearer())
                    .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                    .multiPart("prompt", "paint it blue")
                    .multiPart("partial_images", value)
                    .post("/v1/image-edits").then().statusCode(400)
                    .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("partial_images"));
        }
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void servesStoredPartialImagesToTheirOwnerOnly() {
        Fixtures.Caller caller = fixtures.newCaller();
        String id = submit(caller, "1");
        byte[] png = TestImages.photo(16, 16);
        fixtures.execute("""
                insert into image_edit_partial_images (job_id, position, content_type, size_bytes, data, created_at)
                values (?::uuid, 0, 'image/png', ?, ?, now())""", id, png.length, png);
        byte[] served = given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id + "/partial-images/0")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertArrayEquals(png, served);
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id + "/partial-images/1").then().statusCode(404);
        given().header("Authorization", fixtures.newCaller().bearer()).get("/v1/image-edits/" + id + "/partial-images/0")
                .then().statusCode(404);
    }
}
