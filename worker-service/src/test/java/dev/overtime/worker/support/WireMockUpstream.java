package dev.overtime.worker.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real HTTP server standing in for OpenAI on a free port. Tests program and inspect it through WireMock's admin
 * API ({@link TestUpstream}), so nothing crosses class loaders.
 */
public class WireMockUpstream implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-test-worker-key";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // Enough request threads that slow (delayed) stubs answer concurrently rather than one after another.
        server = new WireMockServer(options().dynamicPort().containerThreads(250).jettyAcceptors(2));
        server.start();
        return Map.of(
                "overtime.worker.openai.base-url", server.baseUrl() + "/v1",
                "overtime.worker.openai.api-key", API_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
