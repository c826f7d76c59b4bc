package dev.overtime.e2e;

import dev.overtime.localinfra.KafkaTopics;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker as its own OS process (kafka.Kafka, as {@code ./overtime up} runs it), so a
 * test can stop it and start it again on the same port with the same data, which the in-JVM test kit cannot.
 */
final class KafkaProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process process;

    private KafkaProcess(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.log = Path.of("target", "e2e-logs", "kafka-" + port + ".log").toAbsolutePath();
    }

    /** Formats storage in a fresh directory and starts the broker with the services' topics. */
    static KafkaProcess startFresh() {
        try {
            KafkaProcess kafka = new KafkaProcess(Files.createTempDirectory("overtime-e2e-kafka"), freePort(), freePort());
            kafka.writeConfig();
            kafka.run(List.of("kafka.tools.StorageTool", "format", "-t", randomClusterId(), "-c",
                    kafka.dir.resolve("server.properties").toString()), true);
            kafka.start();
            KafkaTopics.create(kafka.bootstrapServers(), Map.of("image-edit.requests", 8, "image-edit.events", 8,
                    "image-edit.requests.dlq", 1));
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts (or restarts) the broker on its port and data directory; returns once it accepts connections. */
    void start() {
        process = run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), false);
        Awaitility.await("kafka on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("kafka exited; see " + log);
                    }
                    return listening();
                });
    }

    /** SIGKILL: the broker vanishes the way a crashed node does. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=8",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true", ""));
    }

    // The test JVM's class path holds local-infra's Kafka server jars; the broker runs from the same class path.
    private Process run(List<String> mainAndArgs, boolean waitForExit) {
        try {
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-cp",
                    System.getProperty("java.class.path")));
            command.addAll(mainAndArgs);
            Process started = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (waitForExit && started.waitFor() != 0) {
                throw new IllegalStateException(mainAndArgs.getFirst() + " failed; see " + log);
            }
            return started;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
