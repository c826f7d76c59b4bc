package dev.overtime.api.push.websocket;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells Vert.x how big a WebSocket frame and message may be ({@code overtime.api.limits.socket.max-message-bytes}),
 * so a larger one is refused by the frame decoder (close 1009) before it is buffered, rather than after.
 */
@ApplicationScoped
public class WebSocketFrameLimits implements HttpServerOptionsCustomizer {

    private final int maxBytes;

    public WebSocketFrameLimits(ApiConfig config) {
        this.maxBytes = config.limits().socket().maxMessageBytes();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(maxBytes).setMaxWebSocketMessageSize(maxBytes);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }
}
