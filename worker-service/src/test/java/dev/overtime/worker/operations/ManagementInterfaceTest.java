package dev.overtime.worker.operations;

import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The worker's health and metrics answer on its management port, never on its public one. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class ManagementInterfaceTest {

    @TestHTTPResource(value = "health/live", management = true)
    URL liveness;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        given().get(liveness).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/metrics"}) {
            given().get(path).then().statusCode(404);
        }
    }
}
