package dev.overtime.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.overtime.common.Topics;

class KafkaBrokerTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.get();

    @Test
    void createsTheServicesTopicsWithEightPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
            Map<String, TopicDescription> topics = admin
                    .describeTopics(List.of(Topics.IMAGE_EDIT_REQUESTS, Topics.IMAGE_EDIT_EVENTS))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(8, topics.get(Topics.IMAGE_EDIT_REQUESTS).partitions().size());
            assertEquals(8, topics.get(Topics.IMAGE_EDIT_EVENTS).partitions().size());
        }
    }

    @Test
    void deliversARecordToAConsumerGroup() throws Exception {
        String topic = "local-infra-test-" + UUID.randomUUID();
        infrastructure.createTopics(Map.of(topic, 2));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>(topic, "job-1", "hello")).get(30, TimeUnit.SECONDS);
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig("group-" + topic))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = pollUntilOneArrives(consumer, Duration.ofSeconds(30));
            assertEquals("hello", received.getFirst().value());
            consumer.commitSync();
        }
    }

    private static List<ConsumerRecord<String, String>> pollUntilOneArrives(KafkaConsumer<String, String> consumer,
            Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        while (received.isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        }
        if (received.isEmpty()) {
            throw new AssertionError("no record reached the consumer group within " + limit);
        }
        return received;
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    private Properties consumerConfig(String groupId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }
}
