package dev.overtime.e2e;

import dev.overtime.localinfra.ServiceProcess;

import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;

/** The simulator's admin endpoints: behaviour at runtime and the per-outcome counters tests assert on. */
final class SimulatorControl {

    private final String baseUrl;

    SimulatorControl(ServiceProcess simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    /** Back to the configured behaviour, counters zeroed. */
    void reset() {
        given().baseUri(baseUrl).post("/__simulator/reset").then().statusCode(200);
    }

    void configure(String latency, String faults) {
        given().baseUri(baseUrl).contentType("application/json")
                .body("{\"latency\":\"" + latency + "\",\"faults\":\"" + faults + "\"}")
                .put("/__simulator/config").then().statusCode(200);
    }

    /** Edit requests received so far, whatever their outcome. */
    long editCalls() {
        return stats().getLong("edits.total");
    }

    /** Edit requests that ended with {@code outcome} (ok, rate_limit, server_error, hang, cancelled, ...). */
    long edits(String outcome) {
        Object value = stats().get("edits.outcomes." + outcome);
        return value == null ? 0 : ((Number) value).longValue();
    }

    String statsJson() {
        return given().baseUri(baseUrl).get("/__simulator/stats").asString();
    }

    private JsonPath stats() {
        return given().baseUri(baseUrl).get("/__simulator/stats").then().statusCode(200).extract().jsonPath();
    }
}
