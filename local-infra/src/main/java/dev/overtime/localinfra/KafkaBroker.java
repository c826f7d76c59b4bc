package dev.overtime.localinfra;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** A real single-node KRaft Kafka (one combined broker and controller) running inside this JVM. */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a fresh cluster in a temporary directory, returning once the broker accepts clients. */
    public static KafkaBroker start() {
        KafkaLogging.quiet();
        keepTheJvmOnFatalFaults();
        TestKitNodes nodes = new TestKitNodes.Builder()
                // The test kit defaults to the newest *testing* version, with features not yet released.
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SingleNodeKafka.SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("in-process Kafka did not start", e);
        }
    }

    // A Kafka broker halts its JVM (Exit.halt(1)) when a log directory fails. Here that JVM is a test run's, and the
    // cluster is closed in a shutdown hook, where on a loaded machine its close can race its own cleanup of the log
    // directory. The likely cause of test JVMs that exited non-zero after every test had passed (Surefire: "Error
    // occurred in starting fork", three times; the status was not captured). A fault is reported instead; a test
    // that needed the broker fails on its own.
    private static void keepTheJvmOnFatalFaults() {
        Exit.Procedure report = (status, message) -> System.err.println(
                "in-process Kafka asked to stop the JVM (status " + status + "): " + message + "; not stopping it");
        Exit.setHaltProcedure(report);
        Exit.setExitProcedure(report);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates each missing topic with the given number of partitions. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        KafkaTopics.create(bootstrapServers(), partitionsByTopic);
    }

    public void stop() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not stop cleanly", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception suppressed) {
            // The start failure is the error worth reporting.
        }
    }
}
