package dev.overtime.api.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A real HTTP server standing in for one upstream. It keeps its port for the whole JVM, so it can
 * be stopped (connections refused) and brought back without the application noticing a new URL.
 */
public final class StubbedUpstream {

    private final String name;
    private final Runnable defaults;
    private WireMockServer server;
    private int port;

    StubbedUpstream(String name, java.util.function.Consumer<WireMockServer> defaults) {
        this.name = name;
        this.defaults = () -> defaults.accept(server);
    }

    public String name() {
        return name;
    }

    synchronized String baseUrl() {
        ensureRunning();
        return "http://localhost:" + port;
    }

    public synchronized WireMockServer server() {
        ensureRunning();
        return server;
    }

    /** Back to a running server answering fast with its default stubs. */
    public synchronized void reset() {
        ensureRunning();
        server.resetAll();
        defaults.run();
    }

    /** Stops the server: every connection to the upstream's URL is refused until {@link #reset()}. */
    public synchronized void refuseConnections() {
        if (server != null && server.isRunning()) {
            server.stop();
        }
    }

    private void ensureRunning() {
        if (server != null && server.isRunning()) {
            return;
        }
        // Hanging stubs hold a server thread each; leave plenty.
        WireMockConfiguration options = WireMockConfiguration.options().containerThreads(64)
                .port(port);
        server = new WireMockServer(port == 0 ? options.dynamicPort() : options);
        server.start();
        port = server.port();
        defaults.run();
    }
}
