package dev.overtime.localinfra;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts one Kafka broker, one PostgreSQL server and one S3 server side by side, with the topics the services
 * agree on and the bucket they store images in.
 */
final class SharedInfrastructure implements SharedInfrastructureMBean {

    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final S3ProxyServer s3;

    private SharedInfrastructure(KafkaBroker kafka, PostgresServer postgres, S3ProxyServer s3) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.s3 = s3;
    }

    static SharedInfrastructure start() {
        // initdb, the KRaft format/startup and S3Proxy's JVM each take seconds; doing them together saves most of it.
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(PostgresServer::start);
        CompletableFuture<S3ProxyServer> s3 = CompletableFuture.supplyAsync(S3ProxyServer::startFresh);
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start();
            kafka.createTopics(LocalTopics.partitionsByTopic());
        } catch (RuntimeException e) {
            postgres.thenAccept(PostgresServer::stop);
            s3.thenAccept(S3ProxyServer::close);
            throw e;
        }
        try {
            return new SharedInfrastructure(kafka, postgres.join(), s3.join());
        } catch (CompletionException e) {
            kafka.stop();
            postgres.thenAccept(PostgresServer::stop);
            s3.thenAccept(S3ProxyServer::close);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    void stop() {
        try {
            kafka.stop();
        } finally {
            try {
                postgres.stop();
            } finally {
                s3.close();
            }
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
    public String getS3Endpoint() {
        return s3.access().endpoint();
    }

    @Override
    public String getS3Bucket() {
        return s3.access().bucket();
    }

    @Override
    public String getS3AccessKey() {
        return s3.access().accessKey();
    }

    @Override
    public String getS3SecretKey() {
        return s3.access().secretKey();
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
