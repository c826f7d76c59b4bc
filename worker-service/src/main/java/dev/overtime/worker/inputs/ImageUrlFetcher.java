package dev.overtime.worker.inputs;

import dev.overtime.common.net.AddressPolicy;
import dev.overtime.common.net.AddressPolicy.Admit;
import dev.overtime.worker.config.InputsConfig;
import dev.overtime.worker.inputs.InputFetchException.Kind;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One safe GET of a caller-chosen image URL into a file. Every hop (the URL, then each redirect, at most
 * {@code max-redirects}) is vetted by the shared {@link AddressPolicy}: http or https, no credentials, the host
 * resolved once and every address allowed, and the connection made to exactly those addresses (TLS still verified
 * against the URL's host). Bounded in every way a hostile host could stretch it: connect, headers and the whole
 * fetch each have a timeout (a watchdog closes the socket at the last), response headers are read up to 16 KB and
 * the body up to the caller's byte cap. The body is hashed (SHA-256) on its way to disk; nothing is held whole in
 * the heap. Whether the bytes are an image is the caller's question.
 */
@ApplicationScoped
public class ImageUrlFetcher {

    /** The body on disk and what the response said about caching it. */
    public record Fetched(Path file, long size, String sha256Hex, String etag, Duration freshFor) {
    }

    /** What a fetch came back with: the bytes, or (for a conditional fetch) word that the cached copy is still good. */
    public sealed interface Outcome permits Body, NotModified {
    }

    public record Body(Fetched fetched) implements Outcome {
    }

    public record NotModified(Duration freshFor) implements Outcome {
    }

    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final InputsConfig config;
    private final SSLContext tls;
    // One platform thread only arms and fires deadlines; the fetches themselves run on the edits' virtual threads.
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("image-fetch-watchdog").daemon().factory());

    @Inject
    ImageUrlFetcher(InputsConfig config) {
        this(config, defaultTls());
    }

    ImageUrlFetcher(InputsConfig config, SSLContext tls) {
        this.config = config;
        this.tls = tls;
    }

    void stop(@Observes ShutdownEvent event) {
        watchdog.shutdownNow();
    }

    /**
     * Fetches {@code url} into {@code into}; with an {@code etag}, asks the host whether that copy is still current.
     * Throws {@link InputFetchException} naming what went wrong.
     */
    public Outcome fetch(URI url, long maxBytes, String etag, Path into) throws InputFetchException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        URI current = url;
        for (int hop = 0; ; hop++) {
            Response response = exchange(current, etag, maxBytes, deadline, into);
            if (response.status() == 304 && etag != null) {
                return new NotModified(response.freshFor());
            }
            if (REDIRECTS.contains(response.status())) {
                if (hop >= config.maxRedirects()) {
                    throw new InputFetchException(Kind.STATUS, RedactedUrl.of(url) + " redirected more than "
                            + config.maxRedirects() + " times", false);
                }
                if (response.location() == null) {
                    throw new InputFetchException(Kind.STATUS, RedactedUrl.of(current) + " answered "
                            + response.status() + " without a Location", false);
                }
                current = redirectTarget(current, response.location());
                // The validator named the first URL's copy; another URL's answer is a plain fetch.
                etag = null;
                continue;
            }
            if (response.status() != 200) {
                int status = response.status();
                boolean retryable = status == 408 || status == 429 || status >= 500;
                throw new InputFetchException(Kind.STATUS, RedactedUrl.of(current) + " answered HTTP " + status,
                        retryable);
            }
            return new Body(response.fetched());
        }
    }

    private record Response(int status, String location, Duration freshFor, Fetched fetched) {
    }

    private Response exchange(URI uri, String etag, long maxBytes, long deadline, Path into)
            throws InputFetchException {
        List<InetAddress> addresses = vet(uri);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(uri);
        }
        AtomicReference<Socket> open = new AtomicReference<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            closeQuietly(open.get());
        }, left, TimeUnit.NANOSECONDS);
        try {
            Socket socket = connect(uri, addresses, deadline, open);
            if (timedOut.get()) {
                closeQuietly(socket);
                throw timedOut(uri);
            }
            try (socket) {
                socket.setSoTimeout((int) Math.max(1, config.headerTimeout().toMillis()));
                writeRequest(socket.getOutputStream(), uri, etag);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                int status;
                Map<String, String> headers;
                do {
                    status = HttpHead.readStatus(in);
                    headers = HttpHead.readHeaders(in, MAX_HEADER_BYTES);
                } while (status < 200);
                Duration freshFor = CacheControl.freshFor(headers.get("cache-control"));
                if (status != 200) {
                    return new Response(status, headers.get("location"), freshFor, null);
                }
                return new Response(200, null, freshFor, readBody(uri, in, headers, maxBytes, into, freshFor));
            }
        } catch (InputFetchException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw timedOut.get() ? timedOut(uri) : new InputFetchException(Kind.TIMEOUT, RedactedUrl.of(uri)
                    + " timed out: nothing received for " + config.headerTimeout().toMillis() + " ms", true);
        } catch (ConnectException e) {
            throw new InputFetchException(Kind.CONNECTION, RedactedUrl.of(uri) + " refused the connection", true);
        } catch (IOException | RuntimeException e) {
            if (timedOut.get()) {
                throw timedOut(uri);
            }
            throw new InputFetchException(Kind.CONNECTION, RedactedUrl.of(uri) + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), true);
        } finally {
            alarm.cancel(false);
            closeQuietly(open.get());
        }
    }

    // The shared SSRF rule, every hop: the scheme, no credentials, then the addresses the host resolves to.
    private List<InetAddress> vet(URI uri) throws InputFetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InputFetchException(Kind.REFUSED, "refused by policy: only http and https URLs are fetched", false);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InputFetchException(Kind.REFUSED,
                    "refused by policy: a URL needs a host and may carry no credentials", false);
        }
        try {
            return AddressPolicy.resolve(uri.getHost(), config.allowLoopback() ? Admit.LOOPBACK_AND_PRIVATE : Admit.PUBLIC);
        } catch (AddressPolicy.RefusedAddress e) {
            if (e.reason() == AddressPolicy.Reason.UNRESOLVED) {
                // DNS can be briefly away; a name that really doesn't exist fails again on the next attempt.
                throw new InputFetchException(Kind.CONNECTION, RedactedUrl.of(uri) + " failed: " + e.getMessage(), true);
            }
            throw new InputFetchException(Kind.REFUSED, RedactedUrl.of(uri) + " refused by policy: " + e.getMessage(),
                    false);
        }
    }

    private URI redirectTarget(URI from, String location) throws InputFetchException {
        try {
            return from.resolve(new URI(location.trim())).normalize();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new InputFetchException(Kind.STATUS, RedactedUrl.of(from) + " redirected to an invalid URL", false);
        }
    }

    /** Tries the vetted addresses in order, each within what is left of the connect timeout and the deadline. */
    private Socket connect(URI uri, List<InetAddress> addresses, long deadline, AtomicReference<Socket> open)
            throws IOException, InputFetchException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        long connectBy = Math.min(deadline, System.nanoTime() + config.connectTimeout().toNanos());
        IOException last = null;
        for (InetAddress address : addresses) {
            long left = TimeUnit.NANOSECONDS.toMillis(connectBy - System.nanoTime());
            if (left <= 0) {
                break;
            }
            Socket socket = new Socket();
            open.set(socket);
            try {
                socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, left));
                if (!https) {
                    return socket;
                }
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, host(uri), port, true);
                open.set(secured);
                SSLParameters parameters = secured.getSSLParameters();
                // Verify the certificate against the URL's host name, though the socket went to a pinned address.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.setSoTimeout((int) Math.max(1, left));
                secured.startHandshake();
                return secured;
            } catch (SocketTimeoutException e) {
                closeQuietly(open.get());
                last = e;
            } catch (IOException e) {
                closeQuietly(open.get());
                last = e;
            }
        }
        if (last == null || last instanceof SocketTimeoutException) {
            throw new InputFetchException(Kind.TIMEOUT, RedactedUrl.of(uri) + " timed out: could not connect within "
                    + config.connectTimeout().toMillis() + " ms", true);
        }
        throw last;
    }

    private static void writeRequest(OutputStream out, URI uri, String etag) throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String hostHeader = uri.getPort() == -1 || uri.getPort() == (https ? 443 : 80)
                ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        StringBuilder head = new StringBuilder(512)
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: Overtime-ImageFetcher/1\r\n")
                .append("Accept: image/png, image/jpeg, image/webp, */*;q=0.1\r\n")
                // Compressed bodies would need inflating behind the byte cap; images don't compress anyway.
                .append("Accept-Encoding: identity\r\n");
        if (etag != null) {
            head.append("If-None-Match: ").append(etag).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private Fetched readBody(URI uri, InputStream in, Map<String, String> headers, long maxBytes, Path into,
                             Duration freshFor) throws IOException, InputFetchException {
        String declared = headers.get("content-length");
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        long expected = -1;
        if (declared != null && !chunked) {
            try {
                expected = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new IOException("invalid Content-Length");
            }
            if (expected > maxBytes) {
                throw tooLarge(uri, maxBytes, " (Content-Length " + expected + ")");
            }
        }
        InputStream body = chunked ? new ChunkedBody(in) : in;
        MessageDigest digest = sha256();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(into), digest)) {
            while (expected < 0 || size < expected) {
                int want = expected < 0 ? buffer.length : (int) Math.min(buffer.length, expected - size);
                int n = body.read(buffer, 0, want);
                if (n < 0) {
                    if (expected >= 0) {
                        throw new IOException("body ended after " + size + " of " + expected + " bytes");
                    }
                    break;
                }
                size += n;
                if (size > maxBytes) {
                    throw tooLarge(uri, maxBytes, "");
                }
                out.write(buffer, 0, n);
            }
        }
        String etag = headers.get("etag");
        return new Fetched(into, size, HexFormat.of().formatHex(digest.digest()), etag, freshFor);
    }

    private InputFetchException timedOut(URI uri) {
        return new InputFetchException(Kind.TIMEOUT, RedactedUrl.of(uri) + " timed out: not complete within "
                + config.timeout().toMillis() + " ms", true);
    }

    private static InputFetchException tooLarge(URI uri, long maxBytes, String detail) {
        return new InputFetchException(Kind.TOO_LARGE, RedactedUrl.of(uri) + " is too large: more than " + maxBytes
                + " bytes" + detail, false);
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
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
