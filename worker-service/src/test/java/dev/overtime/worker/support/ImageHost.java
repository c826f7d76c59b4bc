package dev.overtime.worker.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An image host on loopback (the JDK's HTTP server) for URL-input tests: serves what a test puts at a path, answers
 * statuses, redirects and stalls, and counts the requests each path received.
 */
public final class ImageHost implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Handler> paths = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    // Released on close: a stalled answer holds its handler thread until then, never past the test.
    private final CountDownLatch released = new CountDownLatch(1);

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    public ImageHost() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                Handler handler = paths.get(path);
                if (handler == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    handler.handle(exchange);
                }
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Serves {@code body} at {@code path} with {@code contentType} (which the worker must not trust). */
    public ImageHost serve(String path, byte[] body, String contentType) {
        paths.put(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return this;
    }

    /** As {@link #serve}, with an ETag and Cache-Control; a request naming that ETag is answered 304. */
    public ImageHost serveWithEtag(String path, byte[] body, String etag, String cacheControl) {
        paths.put(path, exchange -> {
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return this;
    }

    /** As {@link #serve}, with {@code Transfer-Encoding: chunked} (no Content-Length). */
    public ImageHost serveChunked(String path, byte[] body, String contentType) {
        paths.put(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length; i += 1000) {
                    out.write(body, i, Math.min(1000, body.length - i));
                    out.flush();
                }
            }
        });
        return this;
    }

    /** Answers {@code status} with an empty body. */
    public ImageHost status(String path, int status) {
        paths.put(path, exchange -> exchange.sendResponseHeaders(status, -1));
        return this;
    }

    /** Answers a redirect to {@code location}. */
    public ImageHost redirect(String path, String location) {
        paths.put(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
        return this;
    }

    /** Accepts the request and never answers (until the host closes). */
    public ImageHost stall(String path) {
        paths.put(path, exchange -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return this;
    }

    /** How many requests {@code path} received. */
    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
