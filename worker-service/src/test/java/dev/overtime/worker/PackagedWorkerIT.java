package dev.overtime.worker;

import dev.overtime.localinfra.ManagementPortResource;
import dev.overtime.localinfra.RealInfrastructure;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged worker (the JVM jar, or the native executable under {@code -Pnative}) in its production profile
 * over real Kafka and PostgreSQL: what a container runs. The consumer group name is a deployment contract
 * (KEDA scales the worker on that group's lag), so it is checked against the running artifact.
 */
@QuarkusIntegrationTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(ManagementPortResource.class)
class PackagedWorkerIT {

    private static final String CONSUMER_GROUP = "overtime-worker";

    @Test
    void isLiveReadyAndStartedWithKafkaAndTheDatabaseCheckedOnTheManagementPortOnly() {
        for (String probe : new String[] {"live", "started"}) {
            given().baseUri(ManagementPortResource.url()).get("/q/health/" + probe).then().statusCode(200)
                    .body("status", equalTo("UP"));
            given().get("/q/health/" + probe).then().statusCode(404);
        }
        given().get("/q/metrics").then().statusCode(404);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(ManagementPortResource.url())
                .get("/q/health/ready").then()
                .statusCode(200)
                .body(containsString("Database connections health check"))
                .body(containsString("SmallRye Reactive Messaging")));
    }

    @Test
    void joinsTheConsumerGroupThatKedaScalesOn() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers());
        try (Admin admin = Admin.create(config)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(CONSUMER_GROUP))
                        .describedGroups().get(CONSUMER_GROUP).get();
                return !group.members().isEmpty();
            });
        }
    }
}
