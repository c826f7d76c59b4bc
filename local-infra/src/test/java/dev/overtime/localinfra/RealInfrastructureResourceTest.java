package dev.overtime.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RealInfrastructureResourceTest {

    @Test
    void pointsQuarkusAtTheSharedServersAndTurnsDevServicesOff() {
        Map<String, String> config = new RealInfrastructureResource().start();

        assertEquals(RealInfrastructure.get().kafkaBootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals(RealInfrastructure.get().jdbcUrl(), config.get("quarkus.datasource.jdbc.url"));
        assertEquals("overtime", config.get("quarkus.datasource.username"));
        assertEquals("overtime", config.get("quarkus.datasource.password"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));
        assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
        assertEquals("false", config.get("quarkus.datasource.devservices.enabled"));
    }

    @Test
    void pointsTheServicesObjectStoreAtTheSharedS3Server() {
        Map<String, String> config = new RealInfrastructureResource().start();
        S3Access s3 = RealInfrastructure.get().s3();

        assertEquals(s3.endpoint(), config.get("overtime.storage.endpoint"));
        assertEquals("overtime", config.get("overtime.storage.bucket"));
        assertEquals(s3.accessKey(), config.get("overtime.storage.access-key"));
        assertEquals(s3.secretKey(), config.get("overtime.storage.secret-key"));
        assertEquals("true", config.get("overtime.storage.path-style"));
        assertTrue(S3ProxyServer.answering(s3.endpoint()), "the S3 server runs");
    }

    @Test
    void reusesTheSameServersForEveryTestApplication() {
        Map<String, String> first = new RealInfrastructureResource().start();
        Map<String, String> second = new RealInfrastructureResource().start();

        assertEquals(first, second);
    }
}
