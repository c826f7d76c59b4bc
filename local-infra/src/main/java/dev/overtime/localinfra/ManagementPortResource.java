package dev.overtime.localinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a packaged service's management interface ({@code /q/health}, {@code /q/metrics}) on a free port for a
 * {@code @QuarkusIntegrationTest}: the production default (9000, 9001) may be held by a running local stack or
 * another test JVM. {@code @QuarkusTest}s need none of this; they take {@code quarkus.management.test-port}.
 */
public final class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port = -1;

    @Override
    public Map<String, String> start() {
        port = FreePort.find();
        return Map.of("quarkus.management.port", Integer.toString(port));
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
