package dev.overtime.api.request;

import dev.overtime.api.config.ApiConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes HTTP/1.1 connections that hold a request head open (slow-loris): a head must arrive whole within
 * {@code overtime.api.limits.http.header-timeout} of its first byte or of the connection opening, and a connection may
 * sit idle between requests for {@code keep-alive-timeout}. Vert.x has only idle timeouts, which a client dribbling a
 * byte every few seconds never trips, so each connection gets a small Netty handler that times its heads.
 */
// Vert.x gives no hook when a connection opens (Quarkus owns the server), so the first request through the router
// reaches the listening channel (its connection's parent) and adds an acceptor there: every connection accepted after
// that is watched from its first byte; the readiness probe is such a first request. The only Vert.x internal used is
// ConnectionBase.channel(); HeaderTimeoutTest fails if a Vert.x upgrade changes that.
@ApplicationScoped
public class HeaderTimeout {

    static final String WATCH = "overtime-header-timeout";
    private static final String ACCEPTOR = "overtime-header-timeout-acceptor";

    private final long headerTimeoutNanos;
    private final long keepAliveNanos;
    private final AtomicInteger closedConnections = new AtomicInteger();

    public HeaderTimeout(ApiConfig config) {
        this.headerTimeoutNanos = config.limits().http().headerTimeout().toNanos();
        this.keepAliveNanos = config.limits().http().keepAliveTimeout().toNanos();
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.HEAD_ARRIVED).handler(this::headArrived);
    }

    /** Connections closed for a slow head or a long idle, since start. */
    public int closedConnections() {
        return closedConnections.get();
    }

    private void headArrived(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            watchNewConnections(channel.parent());
            if (ctx.request().version() == HttpVersion.HTTP_2) {
                // HTTP/2 frames its streams itself; a head timer for the connection would cut every other stream.
                if (channel.pipeline().get(WATCH) instanceof ConnectionWatch watch) {
                    watch.release();
                }
                ctx.next();
                return;
            }
            ConnectionWatch watch = watchOf(channel);
            if (watch != null) {
                watch.headArrived();
                ctx.addEndHandler(ended -> {
                    // A WebSocket now owns the connection: its own limits apply, not those of HTTP heads.
                    if (ctx.response().getStatusCode() == 101) {
                        watch.release();
                    } else {
                        watch.exchangeEnded();
                    }
                });
            }
        }
        ctx.next();
    }

    private void watchNewConnections(Channel listening) {
        if (listening == null || listening.pipeline().get(ACCEPTOR) != null) {
            return;
        }
        try {
            listening.pipeline().addFirst(ACCEPTOR, new Acceptor());
        } catch (IllegalArgumentException raced) {
            // another connection's first request added it a moment ago
        }
    }

    // A connection accepted before the acceptor existed gets its watch at its first request, from then on.
    private ConnectionWatch watchOf(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(WATCH) instanceof ConnectionWatch watch) {
            return watch;
        }
        if (!channel.isActive()) {
            return null;
        }
        ConnectionWatch watch = new ConnectionWatch();
        try {
            pipeline.addFirst(WATCH, watch);
        } catch (IllegalArgumentException raced) {
            return pipeline.get(WATCH) instanceof ConnectionWatch existing ? existing : null;
        }
        return watch;
    }

    /** On the listening channel: hands every accepted connection a watch before Vert.x sets it up. */
    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof Channel accepted) {
                accepted.pipeline().addFirst(WATCH, new ConnectionWatch());
            }
            ctx.fireChannelRead(message);
        }
    }

    /** One connection's head timer; every method runs on the connection's event loop. */
    final class ConnectionWatch extends ChannelDuplexHandler {

        private ChannelHandlerContext context;
        private ScheduledFuture<?> timer;
        private boolean awaitingHead = true;
        private boolean headStarted;
        private boolean released;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
            // Until a head arrives, the connection opening is its start.
            arm(headerTimeoutNanos, "request head not complete within the header timeout");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (awaitingHead && !headStarted) {
                headStarted = true;
                arm(headerTimeoutNanos, "request head not complete within the header timeout");
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancel();
            super.channelInactive(ctx);
        }

        void headArrived() {
            onLoop(() -> {
                awaitingHead = false;
                cancel();
            });
        }

        void exchangeEnded() {
            onLoop(() -> {
                if (released) {
                    return;
                }
                awaitingHead = true;
                headStarted = false;
                arm(keepAliveNanos, "idle longer than the keep-alive timeout");
            });
        }

        void release() {
            onLoop(() -> {
                released = true;
                awaitingHead = false;
                cancel();
                if (context != null && !context.isRemoved()) {
                    context.pipeline().remove(this);
                }
            });
        }

        private void arm(long nanos, String reason) {
            cancel();
            if (released || context == null) {
                return;
            }
            timer = context.executor().schedule(() -> expire(reason), nanos, TimeUnit.NANOSECONDS);
        }

        private void expire(String reason) {
            if (awaitingHead && !released && context.channel().isActive()) {
                closedConnections.incrementAndGet();
                Log.debugf("Closing connection from %s: %s", context.channel().remoteAddress(), reason);
                context.close();
            }
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void onLoop(Runnable action) {
            if (context == null) {
                return;
            }
            if (context.executor().inEventLoop()) {
                action.run();
            } else {
                context.executor().execute(action);
            }
        }
    }
}
