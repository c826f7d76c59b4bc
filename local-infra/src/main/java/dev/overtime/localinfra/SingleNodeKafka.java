package dev.overtime.localinfra;

import java.util.Map;

/** Broker settings for a one-node cluster, shared by the in-process broker and the standalone one. */
final class SingleNodeKafka {

    // One node can't replicate; and every delay that exists to let a big group settle only slows tests.
    static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.num.partitions", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("group.min.session.timeout.ms", "1000"),
            Map.entry("group.consumer.min.session.timeout.ms", "1000"),
            Map.entry("group.consumer.min.heartbeat.interval.ms", "500"),
            Map.entry("auto.create.topics.enable", "true"));

    private SingleNodeKafka() {
    }
}
