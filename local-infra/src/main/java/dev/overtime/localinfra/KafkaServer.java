package dev.overtime.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker as its own OS process ({@code kafka.Kafka}), run from this JVM's class path:
 * it can be killed and started again on the same port with the same data, which the in-process
 * {@link KafkaBroker} cannot, and it can outlive the JVM that started it ({@code ./overtime up}).
 */
public final class KafkaServer implements AutoCloseable {

    private static final Duration TEST_START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process process;

    private KafkaServer(Path dir, int port, int controllerPort, Path log) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.log = log;
    }

    /** A broker whose config and data live in {@code dir}, listening on the given loopback ports. */
    public static KafkaServer in(Path dir, int port, int controllerPort, Path log) {
        return new KafkaServer(dir, port, controllerPort, log);
    }

    /** A broker in a fresh temporary directory on free ports, formatted, started, with the services' topics. */
    public static KafkaServer startFresh() {
        try {
            int port = FreePort.find();
            KafkaServer kafka = new KafkaServer(Files.createTempDirectory("overtime-kafka-"), port, FreePort.find(),
                    Path.of("target", "e2e-logs", "kafka-" + port + ".log").toAbsolutePath());
            kafka.format();
            kafka.start();
            KafkaTopics.create(kafka.bootstrapServers(), LocalTopics.partitionsByTopic());
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /**
     * Writes server.properties and formats the storage, unless that was done before. Until the storage is
     * formatted the config is rewritten, so a failed first start does not pin wrong ports.
     */
    public void format() {
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir());
            Files.writeString(config(), serverProperties());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process storageTool = Processes.start(java(List.of("kafka.tools.StorageTool", "format", "-t", randomClusterId(),
                "-c", config().toString())), Map.of(), log, false);
        try {
            if (!storageTool.waitFor(2, TimeUnit.MINUTES) || storageTool.exitValue() != 0) {
                storageTool.destroyForcibly();
                throw new IllegalStateException("Kafka storage format failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts (or restarts) the broker of a test on its port and data, returning once it accepts connections. */
    public void start() {
        launch(false);
        awaitListening(TEST_START_TIMEOUT);
    }

    /**
     * Starts the broker without waiting; with {@code ownSession} it keeps running after this JVM and its
     * terminal are gone.
     */
    public Process launch(boolean ownSession) {
        process = Processes.start(java(List.of("kafka.Kafka", config().toString())), Map.of(), log, ownSession);
        return process;
    }

    /** Returns once the broker accepts connections; fails if it exits first or {@code timeout} passes. */
    public void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka exited while starting; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kafka did not open port " + port + " within " + timeout.toSeconds()
                        + "s; see " + log);
            }
            Processes.pause();
        }
    }

    /** SIGKILL: the broker vanishes the way a crashed node does. */
    public void kill() {
        process.destroyForcibly();
        Processes.awaitExit(process.pid(), Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String serverProperties() {
        Map<String, String> settings = new TreeMap<>(SingleNodeKafka.SETTINGS);
        settings.putAll(Map.of(
                "process.roles", "broker,controller",
                "node.id", "1",
                "controller.quorum.voters", "1@127.0.0.1:" + controllerPort,
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names", "CONTROLLER",
                "inter.broker.listener.name", "PLAINTEXT",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs", dataDir().toString(),
                // Topics a client creates by using them get as many partitions as the services' own.
                "num.partitions", Integer.toString(LocalTopics.PARTITIONS)));
        StringBuilder text = new StringBuilder("# Written by Overtime's local-infra (KafkaServer): one KRaft node, broker and controller.\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    // The broker's jars are on this JVM's class path (local-infra's runtime dependencies); slf4j-simple, when
    // present (./overtime's class path), writes the broker's INFO log with timestamps.
    private static List<String> java(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(Processes.java(), Processes.EXIT_ON_OUT_OF_MEMORY, "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return command;
    }

    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    private Path dataDir() {
        return dir.resolve("data");
    }
}
