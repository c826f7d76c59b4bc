package dev.overtime.deploychecks;

import dev.overtime.common.Topics;
import dev.overtime.localinfra.LocalTopics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.overtime.deploychecks.Tree.at;
import static dev.overtime.deploychecks.Tree.list;
import static dev.overtime.deploychecks.Tree.map;
import static dev.overtime.deploychecks.Tree.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml runs the whole system with one {@code docker compose up}, wired as the services need. */
class DockerComposeTest {

    /** Compose service name for each Quarkus module. */
    private static final Map<String, String> SERVICES = Map.of(
            "api", "api-service", "worker", "worker-service", "simulator", "openai-simulator");

    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(Repository.file("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            services = map(compose, "services");
        }
    }

    @Test
    void runsKafkaInKRaftModePostgresTheSimulatorAndBothServices() {
        assertTrue(services.keySet().containsAll(List.of("kafka", "postgres", "s3", "simulator", "api", "worker")), services.keySet().toString());
        assertTrue(string(services, "kafka", "image").startsWith("apache/kafka:"), "the official apache/kafka image");
        assertEquals("broker,controller", string(services, "kafka", "environment", "KAFKA_PROCESS_ROLES"), "KRaft, no ZooKeeper");
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAndStartsOnlyAfterItsDependenciesAreHealthy() {
        services.forEach((name, service) -> {
            boolean oneShot = "no".equals(string(service, "restart"));
            if (!oneShot) {
                assertNotNull(at(service, "healthcheck", "test"), name + " has a healthcheck");
            }
            map(service, "depends_on").forEach((dependency, how) -> {
                String condition = string(how, "condition");
                boolean dependencyIsOneShot = "no".equals(string(services, dependency, "restart"));
                assertEquals(dependencyIsOneShot ? "service_completed_successfully" : "service_healthy", condition,
                        name + " waits for " + dependency);
            });
        });
        for (String name : List.of("api", "worker")) {
            assertTrue(map(services, name, "depends_on").keySet().containsAll(List.of("postgres", "kafka-topics")),
                    name + " starts after PostgreSQL and the topics");
        }
    }

    @Test
    void imagesAreBuiltFromEachServicesJvmDockerfile() {
        SERVICES.forEach((name, module) -> {
            assertEquals(".", string(services, name, "build", "context"), name + " builds from the repository root");
            String dockerfile = string(services, name, "build", "dockerfile");
            assertEquals(module + "/src/main/docker/Dockerfile.jvm", dockerfile);
            assertTrue(Files.isRegularFile(Repository.file(dockerfile)), dockerfile + " exists");
        });
    }

    @Test
    void everySettingTheServicesRequireIsProvidedAndPointsAtTheComposeInfrastructure() {
        for (String name : List.of("api", "worker")) {
            Map<String, Object> env = map(services, name, "environment");
            for (String variable : ServiceConfig.of(SERVICES.get(name)).requiredEnvironment()) {
                assertTrue(env.containsKey(variable), name + " lacks " + variable + " (required by its application.properties)");
            }
            assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertTrue(string(services, "kafka", "environment", "KAFKA_ADVERTISED_LISTENERS").contains("//kafka:9092"));
            String database = string(services, "postgres", "environment", "POSTGRES_DB");
            assertEquals("jdbc:postgresql://postgres:5432/" + database, env.get("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals(string(services, "postgres", "environment", "POSTGRES_USER"), env.get("QUARKUS_DATASOURCE_USERNAME"));
            assertEquals(string(services, "postgres", "environment", "POSTGRES_PASSWORD"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
        }
        SERVICES.forEach((name, module) -> {
            ServiceConfig config = ServiceConfig.of(module);
            List<Object> published = list(services, name, "ports");
            int port = config.httpPort();
            String expected = (name.equals("api") ? "" : "127.0.0.1:") + port + ":" + port;
            assertTrue(published.contains(expected), name + " publishes " + expected + ": " + published);
            if (config.hasManagementInterface()) {
                int management = config.healthPort();
                assertTrue(published.contains("127.0.0.1:" + management + ":" + management),
                        name + " publishes its management port " + management + " on loopback only: " + published);
            }
            assertTrue(string(services, name, "healthcheck", "test").contains("localhost:" + config.healthPort() + "/q/health/ready"),
                    name + " healthcheck asks its readiness endpoint, on the management port where it has one");
        });
    }

    @Test
    void bothServicesStoreImagesInTheComposeS3Server() {
        Map<String, Object> s3 = map(services, "s3");
        assertTrue(string(s3, "image").startsWith("minio/minio:RELEASE."), "a pinned MinIO release");
        for (String name : List.of("api", "worker")) {
            Map<String, Object> env = map(services, name, "environment");
            env.keySet().stream().filter(k -> k.startsWith(StorageSettings.PREFIX)).forEach(k ->
                    assertTrue(StorageSettings.environmentVariables().contains(k), name + ": " + k + " is no overtime.storage.* setting"));
            assertEquals("http://s3:9000", env.get("OVERTIME_STORAGE_ENDPOINT"));
            assertEquals("true", env.get("OVERTIME_STORAGE_PATH_STYLE"), "MinIO wants path-style addressing");
            assertEquals(string(s3, "environment", "MINIO_ROOT_USER"), env.get("OVERTIME_STORAGE_ACCESS_KEY"));
            assertEquals(string(s3, "environment", "MINIO_ROOT_PASSWORD"), env.get("OVERTIME_STORAGE_SECRET_KEY"));
            assertTrue(map(services, name, "depends_on").containsKey("s3"), name + " starts after the S3 server");
        }
    }

    @Test
    void theApiRefusesToStartWithoutAnAdminTokenYouChose() throws IOException {
        String token = string(services, "api", "environment", "OVERTIME_API_ADMIN_TOKEN");
        assertTrue(token.matches("\\$\\{OVERTIME_API_ADMIN_TOKEN:\\?[^}]+}"),
                "compose fails unless OVERTIME_API_ADMIN_TOKEN is set (${VAR:?message}), no default: " + token);
        String file = Files.readString(Repository.file("docker-compose.yml"));
        assertFalse(file.contains("OVERTIME_API_ADMIN_TOKEN:-"), "no default admin token anywhere in the file");
    }

    @Test
    void onlyTheApiIsPublishedBeyondLoopback() {
        services.forEach((name, service) -> {
            for (Object port : list(service, "ports")) {
                if (!name.equals("api")) {
                    assertTrue(String.valueOf(port).startsWith("127.0.0.1:"), name + " publishes " + port + " on every interface");
                }
            }
        });
    }

    @Test
    void everyJvmExitsOnOutOfMemory() {
        SERVICES.keySet().forEach(name -> assertTrue(
                String.valueOf(map(services, name, "environment").get("JDK_JAVA_OPTIONS")).contains(JvmOptions.EXIT_ON_OOM),
                name + " runs with " + JvmOptions.EXIT_ON_OOM));
    }

    @Test
    void openAiApiKeySwitchesTheWorkerFromTheSimulatorToOpenAi() {
        assertEquals("${OPENAI_API_KEY:-}", string(services, "worker", "environment", "OPENAI_API_KEY"), "the caller's key reaches the worker");
        String entrypoint = String.join("\n", list(services, "worker", "entrypoint").stream().map(String::valueOf).toList());
        Matcher branch = Pattern.compile("if \\[ -n \"\\$\\$\\{OPENAI_API_KEY}\" ]; then\\s+export OPENAI_BASE_URL=\"\\$\\$\\{OPENAI_BASE_URL:-https://api\\.openai\\.com/v1}\"\\s+else\\s+export OPENAI_BASE_URL=\"\\$\\$\\{OPENAI_BASE_URL:-http://simulator:(\\d+)/v1}\"")
                .matcher(entrypoint);
        assertTrue(branch.find(), "with a key the worker calls api.openai.com, without one the simulator:\n" + entrypoint);
        assertEquals(ServiceConfig.of("openai-simulator").httpPort(), Integer.parseInt(branch.group(1)));
        assertTrue(entrypoint.contains("exec /opt/jboss/container/java/run/run-java.sh"), "then starts the JVM image's launcher");
    }

    @Test
    void createsEveryTopicWithTheLocalStacksPartitionCount() {
        String command = String.join("\n", list(services, "kafka-topics", "command").stream().map(String::valueOf).toList());
        assertTrue(command.contains("--if-not-exists"), "topic creation is idempotent");
        LocalTopics.partitionsByTopic().forEach((topic, partitions) ->
                assertTrue(command.contains("create " + topic + " " + partitions + "\n"),
                        "kafka-topics creates " + topic + " with " + partitions + " partitions:\n" + command));
        assertEquals(Topics.ALL.size(), Pattern.compile("(?m)^create ").matcher(command).results().count(),
                "kafka-topics creates the topics of Topics.ALL and no others");
        for (String module : List.of("api-service", "worker-service")) {
            for (String topic : ServiceConfig.of(module).topics().values()) {
                assertTrue(Topics.ALL.contains(topic), module + " uses " + topic + ", which Topics.ALL lacks");
            }
        }
        assertEquals("false", string(services, "kafka", "environment", "KAFKA_AUTO_CREATE_TOPICS_ENABLE"),
                "topics come only from kafka-topics, with their partitions");
        assertFalse(ServiceConfig.of("worker-service").consumerGroupsByTopic().isEmpty());
    }
}
