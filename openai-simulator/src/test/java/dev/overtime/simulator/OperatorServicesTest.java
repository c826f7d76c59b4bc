package dev.overtime.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accounts and presets stand-ins, with the same latency and fault knobs as the OpenAI endpoints. */
@QuarkusTest
class OperatorServicesTest {

    @BeforeEach
    @AfterEach
    void reset() {
        given().post("/__simulator/reset").then().statusCode(200);
    }

    private static void configure(Map<String, Object> config) {
        given().contentType(ContentType.JSON).body(config).put("/__simulator/config").then().statusCode(200);
    }

    @Test
    void answersEntitlementsInTheAccountsContract() {
        given().get("/accounts/alice/entitlements").then().statusCode(200)
                .body("owner", equalTo("alice"))
                .body("plan", equalTo("pro"))
                .body("remainingCredits", equalTo(1000))
                .body("allowedModels", hasSize(0))
                .body("maxN", equalTo(10));
    }

    @Test
    void answersPresetsInThePresetsContract() {
        given().get("/presets").then().statusCode(200)
                .body("presets", hasSize(3))
                .body("presets[0].name", equalTo("sunset-sky"))
                .body("presets[0].promptTemplate", equalTo("Replace the sky in the masked area with a warm sunset"))
                .body("presets[1].size", equalTo("1024x1024"))
                .body("presets[1].quality", equalTo("high"));
    }

    @Test
    void appliesLatencyAndServerErrorsPerService() {
        configure(Map.of("accounts", Map.of("latency", "400ms"), "presets", Map.of("faults", "server_error=1.0")));
        given().get("/__simulator/config").then()
                .body("accounts.faults", equalTo("none")).body("presets.faults", equalTo("server_error=1.0"));

        long started = System.nanoTime();
        given().get("/accounts/bob/entitlements").then().statusCode(200);
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 400, "latency applied");
        given().get("/presets").then().statusCode(500).body("error.type", equalTo("server_error"));
    }

    @Test
    void hangsWhenTold() {
        configure(Map.of("presets", Map.of("faults", "hang=1.0")));
        RestAssuredConfig shortTimeout = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 1000).setParam("http.connection.timeout", 1000));
        Exception e = assertThrows(Exception.class, () -> given().config(shortTimeout).get("/presets"));
        assertInstanceOf(SocketTimeoutException.class, rootCause(e));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
