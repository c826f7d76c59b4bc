package dev.overtime.localinfra;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates missing topics on a single-node cluster (Kafka 4 moved {@code TopicCommand} into kafka-tools, which we don't otherwise need). */
public final class KafkaTopics {

    private static final short SINGLE_NODE_REPLICATION = 1;
    private static final long TIMEOUT_SECONDS = 60;

    private KafkaTopics() {
    }

    /** Creates each topic that does not exist yet with the given partition count; existing topics are left alone. */
    public static void create(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = partitionsByTopic.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), SINGLE_NODE_REPLICATION))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            // Another process created it between our list and create: that is the state we wanted.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("creating topics " + partitionsByTopic.keySet() + " failed", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
