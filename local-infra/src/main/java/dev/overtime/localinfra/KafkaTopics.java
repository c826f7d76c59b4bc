package dev.overtime.localinfra;

import java.util.LinkedHashMap;
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

/**
 * Creates missing topics on a single-node cluster; also the command line tool that {@code ./overtime up}
 * runs, because Kafka 4 moved {@code TopicCommand} into kafka-tools, which we don't otherwise need.
 */
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

    /** Usage: {@code KafkaTopics <bootstrap-servers> <topic>:<partitions>...} */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: KafkaTopics <bootstrap-servers> <topic>:<partitions>...");
            System.exit(2);
        }
        Map<String, Integer> partitionsByTopic = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int colon = args[i].lastIndexOf(':');
            partitionsByTopic.put(args[i].substring(0, colon), Integer.parseInt(args[i].substring(colon + 1)));
        }
        create(args[0], partitionsByTopic);
        System.out.println("topics present: " + partitionsByTopic);
    }
}
