package dev.overtime.api.push.webhook;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One webhook attempt: an HTTP/1.1 POST to an address the URL policy vetted (the host is never resolved here, so there
 * is no DNS-rebinding window), TLS verified against the URL's host. The whole exchange - connect, TLS, request, status
 * line, headers and body - ends by the attempt timeout: a watchdog closes the socket then, so a receiver that sends
 * its headers and trickles its body can't hold a sender. Response headers are read up to 16 KB, the body up to 64 KB.
 */
@ApplicationScoped
class WebhookSender {

    /** What came back: the status when one was read; an error when the attempt failed (the status may still be set). */
    record Attempt(Integer status, String error) {

        boolean complete() {
            return error == null;
        }
    }

    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration timeout;
    // One platform thread only arms and fires deadlines; the attempts themselves run on virtual threads.
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-watchdog").daemon().factory());

    @Inject
    WebhookSender(ApiConfig config) {
        this(defaultTls(), config.push().webhooks().connectTimeout(), config.push().webhooks().timeout());
    }

    WebhookSender(SSLContext tls, Duration connectTimeout, Duration timeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    void stop(@Observes ShutdownEvent event) {
        watchdog.shutdownNow();
    }

    Attempt post(VettedUrl url, Map<String, String> headers, byte[] body) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicReference<Socket> open = new AtomicReference<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            closeQuietly(open.get());
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Integer status = null;
        try {
            Socket socket = connect(url, deadline, open);
            if (timedOut.get()) {
                // The alarm fired while connecting and closed nothing: this socket is past the deadline too.
                closeQuietly(socket);
                throw new IOException("deadline passed while connecting");
            }
            try (socket) {
                writeRequest(socket.getOutputStream(), url, headers, body);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                Map<String, String> responseHeaders;
                do {
                    status = readStatus(in);
                    responseHeaders = readHeaders(in);
                } while (status < 200);
                readBody(in, status, responseHeaders);
            }
            return new Attempt(status, null);
        } catch (IOException | RuntimeException e) {
            if (timedOut.get()) {
                return new Attempt(status, "no complete response within " + timeout.toMillis() + " ms"
                        + (status == null ? "" : " (status " + status + " read, body unfinished)"));
            }
            return new Attempt(status, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            alarm.cancel(false);
            closeQuietly(open.get());
        }
    }

    /** Tries the vetted addresses in order, each within what is left of the connect timeout and the deadline. */
    private Socket connect(VettedUrl url, long deadline, AtomicReference<Socket> open) throws IOException {
        long connectBy = Math.min(deadline, System.nanoTime() + connectTimeout.toNanos());
        IOException last = null;
        for (InetAddress address : url.addresses()) {
            long left = TimeUnit.NANOSECONDS.toMillis(connectBy - System.nanoTime());
            if (left <= 0) {
                break;
            }
            Socket socket = new Socket();
            open.set(socket);
            try {
                socket.connect(new InetSocketAddress(address, url.port()), (int) Math.max(1, left));
                if (!url.https()) {
                    return socket;
                }
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, url.host(), url.port(), true);
                open.set(secured);
                SSLParameters parameters = secured.getSSLParameters();
                // Verify the certificate against the URL's host name, though the socket went to a pinned address.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.startHandshake();
                return secured;
            } catch (IOException e) {
                closeQuietly(open.get());
                last = e;
            }
        }
        throw last != null ? last : new IOException("connect timed out after " + connectTimeout.toMillis() + " ms");
    }

    private static void writeRequest(OutputStream out, VettedUrl url, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(512)
                .append("POST ").append(url.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.hostHeader()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static int readStatus(InputStream in) throws IOException {
        String line = readLine(in, MAX_HEADER_BYTES);
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line");
        }
        try {
            int status = Integer.parseInt(parts[1]);
            if (status < 100 || status > 599) {
                throw new IOException("status " + status + " out of range");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x status line");
        }
    }

    /** Header names lower-cased; only the ones that frame the body are of use. */
    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        int budget = MAX_HEADER_BYTES;
        for (String line = readLine(in, budget); !line.isEmpty(); line = readLine(in, budget)) {
            budget -= line.length() + 2;
            if (budget <= 0) {
                throw new IOException("response headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** Reads the body to its end (Content-Length, else the close we asked for), or up to 64 KB; its content is unused. */
    private static void readBody(InputStream in, int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304) {
            return;
        }
        long expected = Long.MAX_VALUE;
        String length = headers.get("content-length");
        if (length != null && !headers.containsKey("transfer-encoding")) {
            try {
                expected = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new IOException("invalid Content-Length");
            }
        }
        long toRead = Math.min(expected, MAX_BODY_BYTES);
        byte[] chunk = new byte[8192];
        long read = 0;
        while (read < toRead) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, toRead - read));
            if (n < 0) {
                if (expected != Long.MAX_VALUE) {
                    throw new IOException("body ended after " + read + " of " + expected + " bytes");
                }
                return;
            }
            read += n;
        }
    }

    private static String readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the response head ended");
            }
            if (line.size() >= max) {
                throw new IOException("response headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that was left to do with it.
            }
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has a default TLS context", e);
        }
    }
}
