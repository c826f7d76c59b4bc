package dev.overtime.api.push.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One webhook attempt against real receivers on loopback: the connection goes to the vetted address (the URL's host
 * name does not even resolve), TLS is checked against that name, and connect, headers and body all end by the timeout.
 */
class WebhookSenderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path keys;

    private static SSLContext serverTls;
    private static SSLContext clientTls;

    private final List<AutoCloseable> receivers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void issueACertificateForAHostThatDoesNotResolve() throws Exception {
        Path store = keys.resolve("hooks.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", "EC", "-alias", "hooks",
                "-dname", "CN=hooks.example.test", "-ext", "SAN=dns:hooks.example.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool: " + output);

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("hooks", keyStore.getCertificate("hooks"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);
    }

    @AfterEach
    void stopReceivers() throws Exception {
        for (AutoCloseable receiver : receivers) {
            receiver.close();
        }
    }

    private final WebhookSender sender = new WebhookSender(clientTls, Duration.ofMillis(500), TIMEOUT);

    private static VettedUrl pinned(String url) {
        return new VettedUrl(URI.create(url), List.of(LOOPBACK));
    }

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "webhook-id", "msg_1");

    @Test
    void postsToThePinnedAddressAndChecksTheCertificateAgainstTheUrlsHost() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/hook", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host=" + exchange.getRequestHeaders().getFirst("Host")
                    + " id=" + exchange.getRequestHeaders().getFirst("webhook-id")
                    + " body=" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        receivers.add(() -> server.stop(0));
        int port = server.getAddress().getPort();

        WebhookSender.Attempt attempt = sender.post(pinned("https://hooks.example.test:" + port + "/hook?job=1"), HEADERS,
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertNull(attempt.error());
        assertEquals(204, attempt.status());
        assertEquals(List.of("POST /hook?job=1 host=hooks.example.test:" + port + " id=msg_1 body={\"a\":1}"), seen);
    }

    @Test
    void refusesACertificateThatDoesNotNameTheUrlsHost() throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        receivers.add(() -> server.stop(0));

        WebhookSender.Attempt attempt = sender.post(pinned("https://elsewhere.example.test:" + server.getAddress().getPort() + "/"),
                HEADERS, new byte[0]);

        assertNull(attempt.status());
        assertTrue(attempt.error().startsWith("SSLHandshakeException"), attempt.error());
    }

    @Test
    void endsAnAttemptWhoseBodyTricklesAtTheTimeout() throws IOException {
        int port = rawReceiver(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            trickle(out);
        });
        long started = System.nanoTime();
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals(200, attempt.status(), "the status was read");
        assertEquals("no complete response within 1000 ms (status 200 read, body unfinished)", attempt.error());
        assertTrue(tookMs >= 1000 && tookMs < 1800, "ended by the timeout, took " + tookMs + " ms");
    }

    @Test
    void endsAnAttemptWhoseHeadersTrickleAtTheTimeout() throws IOException {
        int port = rawReceiver(out -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            trickle(out);
        });
        long started = System.nanoTime();
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(attempt.error().startsWith("no complete response within 1000 ms"), attempt.error());
        assertTrue(tookMs < 1800, "took " + tookMs + " ms");
    }

    @Test
    void endsAnAttemptToAReceiverThatNeverAnswersAtTheTimeout() throws IOException {
        int port = rawReceiver(out -> new java.util.concurrent.CountDownLatch(1).await());
        long started = System.nanoTime();
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertNull(attempt.status());
        assertEquals("no complete response within 1000 ms", attempt.error());
        assertTrue(tookMs >= 1000 && tookMs < 1800, "took " + tookMs + " ms");
    }

    @Test
    void failsFastWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
            port = closed.getLocalPort();
        }
        long started = System.nanoTime();
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);

        assertNull(attempt.status());
        assertTrue(attempt.error().startsWith("ConnectException"), attempt.error());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1000);
    }

    @Test
    void readsAtMostSixtyFourKilobytesOfABody() throws IOException {
        int port = rawReceiver(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[WebhookSender.MAX_BODY_BYTES]);
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
        });
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);

        assertNull(attempt.error());
        assertEquals(200, attempt.status());
    }

    @Test
    void refusesResponseHeadersPastSixteenKilobytes() throws IOException {
        int port = rawReceiver(out -> {
            out.write(("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(WebhookSender.MAX_HEADER_BYTES) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);

        assertEquals("IOException: response headers larger than 16384 bytes", attempt.error());
    }

    @Test
    void skipsAnInterimResponse() throws IOException {
        int port = rawReceiver(out -> {
            out.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 410 Gone\r\nContent-Length: 4\r\n\r\ngone"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
        WebhookSender.Attempt attempt = sender.post(pinned("http://127.0.0.1:" + port + "/hook"), HEADERS, new byte[10]);

        assertNull(attempt.error());
        assertEquals(410, attempt.status());
    }

    interface Answer {
        void write(OutputStream out) throws Exception;
    }

    /** A receiver on raw sockets: reads the request head and answers as told, one virtual thread per connection. */
    private int rawReceiver(Answer answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        receivers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    receivers.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            readHead(socket.getInputStream());
                            answer.write(socket.getOutputStream());
                        } catch (Exception e) {
                            // The sender hung up on purpose (timeout); nothing to do.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /** Reads the request head and its Content-Length body, so closing the socket sends no reset. */
    private static void readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
            in.readNBytes(length);
        }
    }

    /** One byte every 100 ms, for ever: a slow peer, not a synchronisation. */
    private static void trickle(OutputStream out) throws IOException, InterruptedException {
        while (true) {
            out.write('x');
            out.flush();
            Thread.sleep(100);
        }
    }
}
