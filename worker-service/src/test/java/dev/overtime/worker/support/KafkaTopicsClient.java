package dev.overtime.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plain Kafka clients against the test broker: publishes requests like api-service does, collects lifecycle
 * events, and reads the worker's committed offsets.
 */
public final class KafkaTopicsClient implements AutoCloseable {

    public static final String WORKER_GROUP = "overtime-worker";

    /** One lifecycle event as read from the topic: the record key and the structured CloudEvent. */
    public record Event(String key, JsonNode cloudEvent, String contentType) {
        public String type() {
            return cloudEvent.path("type").asText();
        }

        public JsonNode data() {
            return cloudEvent.path("data");
        }
    }

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> events;
    private final Admin admin;
    private final ObjectMapper json;
    private final List<Event> seen = new CopyOnWriteArrayList<>();

    public KafkaTopicsClient(ObjectMapper json) {
        this.json = json;
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "worker-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        events.subscribe(List.of(Topics.IMAGE_EDIT_EVENTS));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    }

    /** Publishes a raw value keyed by {@code key} and waits for the broker's ack. */
    public RecordMetadata publish(String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(Topics.IMAGE_EDIT_REQUESTS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public RecordMetadata publish(Object request, UUID jobId) {
        try {
            return publish(jobId.toString(), json.writeValueAsString(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls once and returns the events seen so far whose subject is {@code jobId}, in topic order. */
    public List<Event> eventsFor(UUID jobId) {
        for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
            try {
                String contentType = record.headers().lastHeader("content-type") == null ? null
                        : new String(record.headers().lastHeader("content-type").value());
                seen.add(new Event(record.key(), json.readTree(record.value()), contentType));
            } catch (IOException e) {
                seen.add(new Event(record.key(), json.createObjectNode().put("unreadable", record.value()), null));
            }
        }
        List<Event> mine = new ArrayList<>();
        for (Event event : seen) {
            if (jobId.toString().equals(event.cloudEvent().path("subject").asText())) {
                mine.add(event);
            }
        }
        return mine;
    }

    /** A record on the dead-letter topic, with its {@code dead-letter-*} headers. */
    public record DeadLetter(String key, String value, Map<String, String> headers) {
    }

    /** Every record on the dead-letter topic so far. */
    public List<DeadLetter> deadLetters() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "worker-test-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            dlq.subscribe(List.of(Topics.IMAGE_EDIT_REQUESTS_DLQ));
            for (int i = 0; i < 10; i++) {
                for (ConsumerRecord<String, String> record : dlq.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new java.util.HashMap<>();
                    record.headers().forEach(h -> headers.put(h.key(), new String(h.value())));
                    found.add(new DeadLetter(record.key(), record.value(), headers));
                }
            }
        }
        return found;
    }

    /** True once the worker group has committed past this record, i.e. finished processing it. */
    public boolean workerCommittedPast(RecordMetadata record) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(WORKER_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
        events.close();
        admin.close();
    }
}
