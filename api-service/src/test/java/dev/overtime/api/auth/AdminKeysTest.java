package dev.overtime.api.auth;

import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Operators issue and revoke keys with the admin token; callers use the key until it is revoked. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
@TestProfile(AdminKeysTest.WithAdminToken.class)
class AdminKeysTest {

    public static class WithAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.admin-token", "admin-secret");
        }
    }

    @Test
    void issuesAKeyThatWorksUntilRevoked() {
        var issued = given().header("Authorization", "Bearer admin-secret").contentType("application/json")
                .body("{\"owner\":\"acme\"}").post("/admin/api-keys")
                .then().statusCode(201).body("owner", equalTo("acme")).body("key", startsWith("ovt_"))
                .extract();
        String key = issued.path("key");
        String id = issued.path("id");

        given().header("Authorization", "Bearer " + key).get("/v1/image-edits").then().statusCode(200);
        given().header("Authorization", "Bearer admin-secret").queryParam("owner", "acme").get("/admin/api-keys")
                .then().statusCode(200).body("$", hasSize(1)).body("prefix[0]", equalTo(key.substring(0, 12)))
                .body(not(containsString(key)));

        given().header("Authorization", "Bearer admin-secret").delete("/admin/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).get("/v1/image-edits")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void refusesWrongAdminTokenAndBadOwner() {
        given().header("Authorization", "Bearer nope").contentType("application/json")
                .body("{\"owner\":\"acme\"}").post("/admin/api-keys")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer admin-secret").contentType("application/json")
                .body("{\"owner\":\"has spaces\"}").post("/admin/api-keys")
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("owner"));
        given().header("Authorization", "Bearer admin-secret").contentType("application/json")
                .body("{not json").post("/admin/api-keys")
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
    }
}
