package dev.overtime.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void reusesTheSameServersForEveryTestApplication() {
        Map<String, String> first = new RealInfrastructureResource().start();
        Map<String, String> second = new RealInfrastructureResource().start();

        assertEquals(first, second);
    }
}
