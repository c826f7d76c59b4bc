package dev.overtime.localinfra;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.overtime.common.Topics;

/** The partition count of every topic in {@link Topics#ALL} on a single-node broker (tests and the local stack). */
public final class LocalTopics {

    /** Enough for several consumers per group, as the services' tests and the local stack's worker expect. */
    public static final int PARTITIONS = 8;

    // Dead letters are rare and read by an operator in order: one partition keeps them in one sequence.
    private static final int DEAD_LETTER_PARTITIONS = 1;

    private LocalTopics() {
    }

    /** Each topic the services agree on, in {@link Topics#ALL}'s order, with its partition count. */
    public static Map<String, Integer> partitionsByTopic() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            partitions.put(topic, topic.endsWith(".dlq") ? DEAD_LETTER_PARTITIONS : PARTITIONS);
        }
        return partitions;
    }
}
