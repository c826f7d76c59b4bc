package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.KafkaTopicsClient;
import dev.overtime.worker.support.TestUpstream;
import dev.overtime.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

/** What the worker scenarios start from: job rows to write, WireMock as OpenAI, and a Kafka client. */
abstract class WorkerScenario {

    // One client per test class: opening a producer and consumer per test would dominate these tests' time.
    static KafkaTopicsClient kafka;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    ObjectMapper json;

    JobRows rows;
    TestUpstream upstream;

    @BeforeEach
    void connect() {
        rows = new JobRows(dataSource, store);
        upstream = TestUpstream.fromConfig();
        if (kafka == null) {
            kafka = new KafkaTopicsClient(json);
        }
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
