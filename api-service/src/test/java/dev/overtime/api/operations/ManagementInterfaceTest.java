package dev.overtime.api.operations;

import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Health and metrics answer only on the management port, so nothing in front of the public port can expose them;
 * the OpenAPI document and Swagger UI stay on the public port for the API's callers.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class ManagementInterfaceTest {

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void thePublicPortServesNeitherHealthNorMetrics() {
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics"}) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void theManagementPortServesHealthAndPrometheusMetrics() {
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200)
                .contentType(containsString("text"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void theApiDocumentationStaysOnThePublicPort() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/image-edits"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
