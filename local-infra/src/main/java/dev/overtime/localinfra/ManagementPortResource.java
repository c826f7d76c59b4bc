package dev.overtime.localinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a packaged service's management interface ({@code /q/health}, {@code /q/metrics}) on a free port for a
 * {@code @QuarkusIntegrationTest}: the production default (9000, 9001) may be held by a running local stack or
 * another test JVM. The public port gets a chosen free port too, instead of the launcher's 0: with one server on a
 * random port and the other on a fixed one, Micrometer's HTTP server meters would carry two tag sets (one without
 * {@code server_port}), which Prometheus' registry refuses, and the second server would never listen.
 * {@code @QuarkusTest}s need none of this; they take {@code quarkus.management.test-port}.
 */
public final class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port = -1;

    @Override
    public Map<String, String> start() {
        port = FreePort.find();
        // Passed after the launcher's -Dquarkus.http.port=0, so it wins; the launcher reads the port from the log.
        return Map.of("quarkus.management.port", Integer.toString(port),
                "quarkus.http.port", Integer.toString(FreePort.find()));
    }

    @Override
    public void stop() {
    }

    /** The management interface of the service this JVM's integration test launched. */
    public static String url() {
        if (port < 0) {
            throw new IllegalStateException("ManagementPortResource has not started: add @WithTestResource(ManagementPortResource.class)");
        }
        return "http://127.0.0.1:" + port;
    }
}
