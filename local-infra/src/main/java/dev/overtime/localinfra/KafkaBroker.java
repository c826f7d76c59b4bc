package dev.overtime.localinfra;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
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
