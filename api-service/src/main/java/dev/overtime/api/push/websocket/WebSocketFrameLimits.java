package dev.overtime.api.push.websocket;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bounds what Vert.x buffers of a WebSocket frame or message: four times
 * {@code overtime.api.limits.socket.max-message-bytes}.
 * A message past the limit itself is closed with 1009 by the session, which sees each frame; a single frame past this
 * bound is cut by the decoder before it is buffered at all (the connection closes without a close frame).
 */
@ApplicationScoped
public class WebSocketFrameLimits implements HttpServerOptionsCustomizer {

    private final int maxBytes;

    public WebSocketFrameLimits(ApiConfig config) {
        this.maxBytes = 4 * config.limits().socket().maxMessageBytes();
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
