package dev.overtime.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real S3 API server without Docker: S3Proxy over its filesystem backend, as a child JVM, with AWS v2/v4
 * signatures checked against one access key, so authentication and presigned URLs behave as on a real store.
 *
 * <p>It runs from its own class path (module s3proxy-runtime resolves it at build time into the resource
 * {@code dev/overtime/localinfra/s3proxy.classpath}), so S3Proxy's jclouds, Jetty and Guava never meet the
 * services' versions on a test class path.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String DEFAULT_BUCKET = "overtime";

    private static final String CLASSPATH_RESOURCE = "s3proxy.classpath";
    private static final Duration TEST_START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // Small and quick to start: S3Proxy streams objects, and a local store serves a handful of clients.
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", Processes.EXIT_ON_OUT_OF_MEMORY,
            "-XX:+UseSerialGC");

    /**
     * S3Proxy ships logback without a configuration, and logback's default is DEBUG for everything: millions of
     * Jetty lines an hour that cost the whole machine CPU and disk. Warnings and errors are what matter here.
     */
    private static final String LOGGING = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private final Path dir;
    private final Path log;
    private final S3Access access;
    private final boolean throwaway;
    private Process process;

    private S3ProxyServer(Path dir, int port, Path log, String accessKey, String secretKey, boolean throwaway) {
        this.dir = dir;
        this.log = log;
        this.access = new S3Access("http://127.0.0.1:" + port, DEFAULT_BUCKET, accessKey, secretKey);
        this.throwaway = throwaway;
    }

    /** A server whose config and objects live in {@code dir} (kept across restarts), on a loopback port. */
    public static S3ProxyServer in(Path dir, int port, Path log, String accessKey, String secretKey) {
        return new S3ProxyServer(dir, port, log, accessKey, secretKey, false);
    }

    /** A server of a test: fresh temporary directory, free port, random keys, started, with its bucket. */
    public static S3ProxyServer startFresh() {
        try {
            Path dir = Files.createTempDirectory("overtime-s3-");
            S3ProxyServer server = new S3ProxyServer(dir, FreePort.find(), dir.resolve("s3proxy.log"),
                    "test-" + randomHex(8), randomHex(24), true);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public S3Access access() {
        return access;
    }

    public String endpoint() {
        return access.endpoint();
    }

    public Path log() {
        return log;
    }

    /** Starts it and returns once it answers HTTP. */
    public void start() {
        launch(false);
        awaitReady(TEST_START_TIMEOUT);
    }

    /**
     * Writes its properties, creates the bucket (a directory, to the filesystem backend) and starts S3Proxy without
     * waiting; with {@code ownSession} it keeps running after this JVM and its terminal are gone.
     */
    public Process launch(boolean ownSession) {
        try {
            Files.createDirectories(dataDir().resolve(access.bucket()));
            Files.writeString(properties(), properties(dataDir()));
            Files.writeString(logging(), LOGGING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = Processes.start(command(), Map.of(), log, ownSession);
        return process;
    }

    List<String> command() {
        return Stream.of(List.of(Processes.java()), JVM_OPTIONS,
                        List.of("-Dlogback.configurationFile=" + logging(), "-cp", classPath(), "org.gaul.s3proxy.Main", "--properties", properties().toString()))
                .flatMap(List::stream).toList();
    }

    /** Returns once S3Proxy answers HTTP (403 to an unsigned request is an answer); fails if it exits first. */
    public void awaitReady(Duration timeout) {
        awaitAnswering(access.endpoint(), process::isAlive, log, timeout);
    }

    /** As {@link #awaitReady(Duration)}, for a server known only by its address and whether its process lives. */
    public static void awaitAnswering(String endpoint, BooleanSupplier alive, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answering(endpoint)) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("S3Proxy exited while starting; see " + log + "\n" + Processes.tail(log, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not answer at " + endpoint + " within " + timeout.toSeconds()
                        + "s; see " + log + "\n" + Processes.tail(log, 40));
            }
            Processes.pause();
        }
    }

    /** Whether an S3 server answers HTTP at {@code endpoint}. */
    public static boolean answering(String endpoint) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(2)).build();
            HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM (Jetty stops at once), then SIGKILL; a test's server also loses its directory. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            Processes.stop(process.pid(), Duration.ofSeconds(10));
        }
        if (throwaway) {
            deleteRecursively(dir);
        }
    }

    private String properties(Path data) {
        return "# Written by Overtime's local-infra (S3ProxyServer): S3Proxy over a directory, v2/v4 signatures checked.\n"
                + "s3proxy.endpoint=" + access.endpoint() + "\n"
                + "s3proxy.authorization=aws-v2-or-v4\n"
                + "s3proxy.identity=" + access.accessKey() + "\n"
                + "s3proxy.credential=" + access.secretKey() + "\n"
                // The page (any local origin) reads outputs by following the API's redirect to a presigned URL: a
                // cross-origin fetch, which the store must allow, as a real bucket's CORS rule would.
                + "s3proxy.cors-allow-all=true\n"
                + "jclouds.provider=filesystem\n"
                + "jclouds.filesystem.basedir=" + data + "\n"
                // The filesystem backend ignores these, but jclouds wants them set.
                + "jclouds.identity=local\n"
                + "jclouds.credential=local\n";
    }

    private Path properties() {
        return dir.resolve("s3proxy.properties");
    }

    private Path logging() {
        return dir.resolve("logback.xml");
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private static String classPath() {
        try (InputStream in = S3ProxyServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("S3Proxy's class path (" + CLASSPATH_RESOURCE + " from module s3proxy-runtime)"
                        + " is missing: build it first (./mvnw install -pl s3proxy-runtime)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
