package dev.overtime.localinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One of our packaged services ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a real operating-system
 * process, so tests can SIGTERM or SIGKILL it like an orchestrator would, and the local stack can leave it running.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m");
    /**
     * The modules that serve health and metrics on a management port of their own ({@code quarkus.management.*}),
     * never on their public one; the simulator serves both on its only port.
     */
    private static final Set<String> WITH_MANAGEMENT_INTERFACE = Set.of("api-service", "worker-service");
    /** {@link #managementPort()} of a service without a management interface. */
    public static final int NO_MANAGEMENT_PORT = -1;

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmOptions;
    private final boolean ownSession;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, int managementPort, Map<String, String> env, Path log,
                           List<String> jvmOptions, boolean ownSession) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.managementPort = managementPort;
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (managementPort != NO_MANAGEMENT_PORT) {
            all.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        }
        this.env = Map.copyOf(all);
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.ownSession = ownSession;
    }

    /**
     * A service of a test, from its module directory in the repository that holds the working directory (a
     * module of it, as Maven runs tests), on a free port (and a free management port, if it has a management
     * interface, so replicas of one service run side by side), logging to {@code target/e2e-logs/<module>-<port>.log}.
     */
    public static ServiceProcess of(String module, Map<String, String> env) {
        Path root = Path.of("").toAbsolutePath().getParent();
        int port = FreePort.find();
        int managementPort = WITH_MANAGEMENT_INTERFACE.contains(module) ? FreePort.find() : NO_MANAGEMENT_PORT;
        Path log = Path.of("target", "e2e-logs", module + "-" + port + ".log").toAbsolutePath();
        return new ServiceProcess(module, jarOf(root, module), port, managementPort, env, log, TEST_JVM_OPTIONS, false);
    }

    /**
     * A service that outlives the JVM starting it and the terminal's Ctrl-C (the local stack's), named
     * {@code name} in messages, on fixed ports ({@code managementPort} {@link #NO_MANAGEMENT_PORT} for a service
     * without a management interface).
     */
    public static ServiceProcess detached(String name, Path root, String module, int port, int managementPort,
                                          Map<String, String> env, Path log, List<String> jvmOptions) {
        return new ServiceProcess(name, jarOf(root, module), port, managementPort, env, log, jvmOptions, true);
    }

    public ServiceProcess start() {
        process = Processes.start(command(), env, log, ownSession);
        return this;
    }

    /**
     * A JVM that ran out of memory exits (and is restarted by whoever supervises it) rather than lingering half-alive
     * with health unanswered: whatever options the caller gives, that one is always there.
     */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Processes.java());
        command.add(Processes.EXIT_ON_OUT_OF_MEMORY);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** Waits until {@code /q/health/ready} answers 200, failing with the log's tail if the process dies or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) {
        awaitReady(name, healthUrl(), process::isAlive, log, timeout);
        return this;
    }

    /**
     * As {@link #awaitReady(Duration)}, for a service known only by the address that serves its health (the
     * management interface's, if it has one) and whether its process lives.
     */
    public static void awaitReady(String name, String healthBaseUrl, BooleanSupplier alive, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (healthStatus(healthBaseUrl) != 200) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(name + " exited while starting; see " + log + "\n" + Processes.tail(log, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + "s; see " + log
                        + "\n" + Processes.tail(log, 60));
            }
            Processes.pause();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where health and metrics answer ({@code /q/health}, {@code /q/metrics}): the management interface's address. */
    public String managementUrl() {
        if (managementPort == NO_MANAGEMENT_PORT) {
            throw new IllegalStateException(name + " has no management interface");
        }
        return "http://127.0.0.1:" + managementPort;
    }

    /** The address that serves {@code /q/health}: the management interface's, or the public one without it. */
    public String healthUrl() {
        return managementPort == NO_MANAGEMENT_PORT ? baseUrl() : managementUrl();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up, as when a node dies. */
    public void kill() {
        process.destroyForcibly();
        Processes.awaitExit(process.pid(), Duration.ofSeconds(10));
    }

    /** SIGTERM, then the exit code once it stopped (or -1 if it had to be killed). */
    public int terminate(Duration grace) {
        return Processes.stop(process.pid(), grace) ? process.onExit().join().exitValue() : -1;
    }

    public String logTail() {
        return Processes.tail(log, 60);
    }

    @Override
    public void close() {
        if (isAlive()) {
            terminate(Duration.ofSeconds(20));
        }
    }

    /** The readiness endpoint's status code under {@code healthBaseUrl}, or -1 when nothing answers. */
    public static int healthStatus(String healthBaseUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(healthBaseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path jarOf(Path root, String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw install -DskipTests)");
        }
        return jar;
    }
}
