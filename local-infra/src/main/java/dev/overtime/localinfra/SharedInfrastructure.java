package dev.overtime.localinfra;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Starts one Kafka broker and one PostgreSQL server side by side, with the topics the services agree on. */
final class SharedInfrastructure implements SharedInfrastructureMBean {

    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private SharedInfrastructure(KafkaBroker kafka, PostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static SharedInfrastructure start() {
        // initdb and the KRaft format/startup each take seconds; doing them together halves the wait.
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(PostgresServer::start);
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start();
            kafka.createTopics(LocalTopics.partitionsByTopic());
        } catch (RuntimeException e) {
            postgres.thenAccept(PostgresServer::stop);
            throw e;
        }
        try {
            return new SharedInfrastructure(kafka, postgres.join());
        } catch (CompletionException e) {
            kafka.stop();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    void stop() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }

    @Override
    public String getKafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String getJdbcUrl() {
        return postgres.jdbcUrl();
    }

    @Override
    public String getUsername() {
        return postgres.username();
    }

    @Override
    public String getPassword() {
        return postgres.password();
    }

    @Override
    public void restartPostgres() {
        postgres.restart();
    }

    @Override
    public void takeDownPostgres() {
        postgres.takeDown();
    }

    @Override
    public void bringUpPostgres() {
        postgres.bringUp();
    }
}
