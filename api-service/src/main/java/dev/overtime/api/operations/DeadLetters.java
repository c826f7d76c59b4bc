package dev.overtime.api.operations;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.Topics;
import dev.overtime.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code image-edit.requests.dlq} for operators and re-drives a dead letter: its value (or a corrected one)
 * goes back to {@code image-edit.requests} through the outbox, and the re-drive is recorded so it happens once.
 */
@ApplicationScoped
public class DeadLetters {

    /** How long one offsets lookup for the metrics sample may wait for Kafka. */
    static final java.time.Duration OFFSETS_TIMEOUT = java.time.Duration.ofSeconds(2);

    /** One dead letter with the reason the worker gave and where it came from. */
    public record DeadLetter(int partition, long offset, Instant timestamp, String key, String value, String reason,
                             String cause, String originalTopic, Integer originalPartition, Long originalOffset,
                             Instant redrivenAt) {
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_POLLS = 20;

    private final String bootstrapServers;
    private final EntityManager em;
    private final Outbox outbox;

    public DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, EntityManager em,
                       Outbox outbox) {
        this.bootstrapServers = bootstrapServers;
        this.em = em;
        this.outbox = outbox;
    }

    /** The newest {@code limit} dead letters, oldest first. */
    @Transactional
    public List<DeadLetter> list(int limit) {
        Map<String, Instant> redriven = redriven();
        List<DeadLetter> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IMAGE_EDIT_REQUESTS_DLQ).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(begins.get(tp), ends.get(tp) - limit));
            }
            for (int i = 0; i < MAX_POLLS && !reachedEnd(consumer, ends); i++) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    all.add(view(record, redriven.get(record.partition() + "/" + record.offset())));
                }
            }
        }
        all.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        return all.size() <= limit ? all : all.subList(all.size() - limit, all.size());
    }

    /**
     * Dead letters not re-driven yet: the records the topic holds (by offsets) less the re-drives recorded. Offsets
     * only, no record is read: cheap enough for the metrics sample. Each Kafka call waits at most
     * {@link #OFFSETS_TIMEOUT} (the client's default is a minute, which held the sample and its gauges that long).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long outstanding() {
        long held = 0;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IMAGE_EDIT_REQUESTS_DLQ, OFFSETS_TIMEOUT)
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, OFFSETS_TIMEOUT);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, OFFSETS_TIMEOUT);
            for (TopicPartition tp : partitions) {
                held += ends.get(tp) - begins.get(tp);
            }
        }
        long redriven = ((Number) em.createNativeQuery("select count(*) from dead_letter_redrives").getSingleResult())
                .longValue();
        return Math.max(0, held - redriven);
    }

    /**
     * Sends the dead letter at {@code partition}/{@code offset} back to the request topic, with {@code payload}
     * instead of its value when given; a second re-drive of the same letter is refused.
     */
    @Transactional
    public DeadLetter redrive(int partition, long offset, String payload, String operator) {
        DeadLetter letter = find(partition, offset)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No dead letter at " + partition + "/" + offset + "."));
        int recorded = em.createNativeQuery("""
                        insert into dead_letter_redrives (dlq_partition, dlq_offset, redriven_at, redriven_by)
                        values (:p, :o, :now, :by) on conflict do nothing""")
                .setParameter("p", partition)
                .setParameter("o", offset)
                .setParameter("now", Instant.now())
                .setParameter("by", operator)
                .executeUpdate();
        if (recorded == 0) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "This dead letter was already re-driven.");
        }
        String topic = letter.originalTopic() == null ? Topics.IMAGE_EDIT_REQUESTS : letter.originalTopic();
        outbox.append(topic, letter.key() == null ? "" : letter.key(), payload != null ? payload : letter.value(), null);
        Log.infof("Dead letter %d/%d re-driven to %s (payload %s)", partition, offset, topic,
                payload != null ? "replaced" : "as it was");
        return letter;
    }

    private Optional<DeadLetter> find(int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(Topics.IMAGE_EDIT_REQUESTS_DLQ, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            for (int i = 0; i < MAX_POLLS; i++) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    if (record.offset() == offset) {
                        return Optional.of(view(record, null));
                    }
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Map<String, Instant> redriven() {
        Map<String, Instant> done = new HashMap<>();
        List<?> rows = em.createNativeQuery("select dlq_partition, dlq_offset, redriven_at from dead_letter_redrives",
                Object[].class).getResultList();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            done.put(r[0] + "/" + r[1], r[2] instanceof Instant i ? i
                    : r[2] instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) r[2]).toInstant());
        }
        return done;
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static DeadLetter view(ConsumerRecord<String, String> record, Instant redrivenAt) {
        String originalPartition = header(record, "dead-letter-partition");
        String originalOffset = header(record, "dead-letter-offset");
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), header(record, "dead-letter-reason"), header(record, "dead-letter-cause"),
                header(record, "dead-letter-topic"),
                originalPartition == null ? null : Integer.valueOf(originalPartition),
                originalOffset == null ? null : Long.valueOf(originalOffset), redrivenAt);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"),
                new StringDeserializer(), new StringDeserializer());
    }
}
