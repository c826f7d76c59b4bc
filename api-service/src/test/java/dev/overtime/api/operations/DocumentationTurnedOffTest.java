package dev.overtime.api.operations;

import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.api.upstream.StrictOperatorProfile;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** {@code overtime.api.openapi.enabled=false}: no OpenAPI document and no Swagger UI, on any port. */
@QuarkusTest
@TestProfile(StrictOperatorProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class DocumentationTurnedOffTest {

    @Test
    void neitherTheOpenApiDocumentNorSwaggerUiIsServed() {
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/swagger-ui/").then().statusCode(404);
    }
}
