package dev.overtime.deploychecks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static dev.overtime.deploychecks.Tree.at;
import static dev.overtime.deploychecks.Tree.integer;
import static dev.overtime.deploychecks.Tree.list;
import static dev.overtime.deploychecks.Tree.map;
import static dev.overtime.deploychecks.Tree.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every overlay under deploy/k8s/overlays, rendered by kubectl kustomize, is deployable as the services need it. */
class KubernetesManifestsTest {

    /** Secrets that exist without being rendered here: created by an operator before deploying (see docs/DEPLOY.md). */
    private static final Set<String> SECRETS_CREATED_OUT_OF_BAND = Set.of("openai-api-key", "overtime-api-admin",
            "overtime-api-job-tokens", "overtime-storage");

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(Repository.file("deploy/k8s/overlays"))) {
            List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.containsAll(List.of("dev", "prod")), "overlays dev and prod exist: " + names);
            return names.stream();
        }
    }

    private static Rendered render(String overlay) {
        return new Rendered(Kustomize.render(Repository.file("deploy/k8s/overlays/" + overlay)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasHealthProbesLimitsAndRunsLockedDown(String overlay) {
        Rendered rendered = render(overlay);
        assertFalse(rendered.all("Deployment").isEmpty(), "no Deployments in " + overlay);
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            String name = string(deployment, "metadata", "name");
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            assertEquals(false, at(pod, "automountServiceAccountToken"), name + ": no service account token");
            for (Object c : list(pod, "containers")) {
                String where = overlay + "/" + name + "/" + string(c, "name");
                assertEquals("/q/health/started", string(c, "startupProbe", "httpGet", "path"), where + " startupProbe");
                assertEquals("/q/health/ready", string(c, "readinessProbe", "httpGet", "path"), where + " readinessProbe");
                assertEquals("/q/health/live", string(c, "livenessProbe", "httpGet", "path"), where + " livenessProbe");
                assertProbesAskThePortThatServesHealth(where, c);
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertNotNull(at(c, "resources", kind, resource), where + " resources." + kind + "." + resource);
                    }
                }
                boolean nonRoot = Boolean.TRUE.equals(at(pod, "securityContext", "runAsNonRoot"))
                        || Boolean.TRUE.equals(at(c, "securityContext", "runAsNonRoot"));
                assertTrue(nonRoot, where + " runAsNonRoot");
                assertEquals(false, at(c, "securityContext", "allowPrivilegeEscalation"), where + " allowPrivilegeEscalation");
                assertEquals(true, at(c, "securityContext", "readOnlyRootFilesystem"), where + " readOnlyRootFilesystem");
                assertTrue(list(c, "securityContext", "capabilities", "drop").contains("ALL"), where + " drops ALL capabilities");
                assertTmpIsAWritableEmptyDir(where, pod, c);
                String uploads = rendered.environment(c).getOrDefault("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY",
                        ServiceConfig.of(string(c, "name")).value("quarkus.http.body.uploads-directory"));
                assertTrue(uploads != null && uploads.startsWith("/tmp/"),
                        where + ": multipart uploads must be buffered under /tmp, the only writable path");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everySettingTheServicesRequireIsProvided(String overlay) {
        Rendered rendered = render(overlay);
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            for (Object c : list(deployment, "spec", "template", "spec", "containers")) {
                String module = string(c, "name");
                ServiceConfig config = ServiceConfig.of(module);
                Map<String, String> env = rendered.environment(c);
                for (String variable : config.requiredEnvironment()) {
                    assertTrue(env.containsKey(variable), overlay + "/" + module + " lacks " + variable + " (required by its application.properties)");
                }
                assertEquals(config.httpPort(), integer(list(c, "ports").getFirst(), "containerPort"), overlay + "/" + module + " port");
                if (env.containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
                    String cluster = string(rendered.one("Cluster"), "metadata", "name");
                    assertTrue(env.get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://" + cluster + "-rw:5432/"),
                            overlay + "/" + module + " JDBC URL points at the CloudNativePG read-write service");
                }
                if (env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                    assertEquals(rendered.kafkaBootstrap(), env.get("KAFKA_BOOTSTRAP_SERVERS"), overlay + "/" + module + " Kafka bootstrap");
                }
                for (String secret : rendered.secretReferences(c)) {
                    String cnpgAppSecret = string(rendered.one("Cluster"), "metadata", "name") + "-app";
                    assertTrue(rendered.named("Secret", secret) != null || secret.equals(cnpgAppSecret)
                                    || SECRETS_CREATED_OUT_OF_BAND.contains(secret),
                            overlay + "/" + module + " references Secret " + secret + " that nothing provides");
                }
            }
        }
        Map<String, String> workerEnv = rendered.environment(rendered.container("worker-service"));
        assertTrue(workerEnv.containsKey("OPENAI_API_KEY") && workerEnv.containsKey("OPENAI_BASE_URL"),
                overlay + ": the worker gets OpenAI's URL and key");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void bothServicesReachTheObjectStoreWithKeysFromItsSecret(String overlay) {
        Rendered rendered = render(overlay);
        for (String module : List.of("api-service", "worker-service")) {
            Map<String, String> env = rendered.environment(rendered.container(module));
            String where = overlay + "/" + module;
            env.keySet().stream().filter(k -> k.startsWith(StorageSettings.PREFIX)).forEach(k ->
                    assertTrue(StorageSettings.environmentVariables().contains(k), where + ": " + k + " is no overtime.storage.* setting"));
            assertNotNull(env.get("OVERTIME_STORAGE_BUCKET"), where + " names its bucket");
            assertTrue(env.get("OVERTIME_STORAGE_ACCESS_KEY").matches("secret:overtime-storage[-a-z0-9]*/access-key"), where);
            assertTrue(env.get("OVERTIME_STORAGE_SECRET_KEY").matches("secret:overtime-storage[-a-z0-9]*/secret-key"), where);
            String endpoint = env.get("OVERTIME_STORAGE_ENDPOINT");
            if (endpoint != null && endpoint.startsWith("http://")) {
                String host = endpoint.replaceFirst("http://([^:/]+).*", "$1");
                assertNotNull(rendered.named("Service", host), where + ": " + endpoint + " is a Service of this overlay");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyJvmExitsOnOutOfMemory(String overlay) {
        Rendered rendered = render(overlay);
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            for (Object c : list(deployment, "spec", "template", "spec", "containers")) {
                String options = rendered.environment(c).getOrDefault("JDK_JAVA_OPTIONS", "");
                assertTrue(options.contains(JvmOptions.EXIT_ON_OOM), overlay + "/" + string(c, "name") + " JDK_JAVA_OPTIONS: " + options);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void topicsMatchTheServicesAndBoundTheWorkersScaleOut(String overlay) {
        Rendered rendered = render(overlay);
        String kafka = string(rendered.one("Kafka"), "metadata", "name");
        Set<String> serviceTopics = new HashSet<>();
        for (String module : List.of("api-service", "worker-service")) {
            serviceTopics.addAll(ServiceConfig.of(module).topics().values());
        }
        serviceTopics.addAll(dev.overtime.common.Topics.ALL);
        int brokers = rendered.all("KafkaNodePool").stream()
                .filter(pool -> list(pool, "spec", "roles").contains("broker"))
                .mapToInt(pool -> integer(pool, "spec", "replicas")).sum();
        for (String topic : serviceTopics) {
            Map<String, Object> kafkaTopic = rendered.topic(topic);
            assertNotNull(kafkaTopic, overlay + ": no KafkaTopic " + topic);
            assertEquals(kafka, string(kafkaTopic, "metadata", "labels", "strimzi.io/cluster"), topic + " belongs to the Kafka cluster");
            int replicas = integer(kafkaTopic, "spec", "replicas");
            assertTrue(replicas <= brokers, overlay + ": " + topic + " wants " + replicas + " replicas on " + brokers + " brokers");
            Object minIsr = at(kafkaTopic, "spec", "config", "min.insync.replicas");
            assertTrue(minIsr == null || Integer.parseInt(minIsr.toString()) <= replicas, topic + " min.insync.replicas");
        }

        Map<String, String> groups = ServiceConfig.of("worker-service").consumerGroupsByTopic();
        Map<String, Object> scaledObject = rendered.named("ScaledObject", "worker-service");
        assertNotNull(scaledObject, overlay + ": worker has a KEDA ScaledObject");
        assertEquals("worker-service", string(scaledObject, "spec", "scaleTargetRef", "name"));
        assertFalse(map(rendered.named("Deployment", "worker-service"), "spec").containsKey("replicas"),
                "KEDA owns the worker's replica count");
        int maxReplicas = integer(scaledObject, "spec", "maxReplicaCount");
        List<Object> triggers = list(scaledObject, "spec", "triggers");
        assertFalse(triggers.isEmpty());
        for (Object trigger : triggers) {
            assertEquals("kafka", string(trigger, "type"));
            String topic = string(trigger, "metadata", "topic");
            assertEquals(groups.get(topic), string(trigger, "metadata", "consumerGroup"),
                    overlay + ": KEDA watches the group the worker consumes " + topic + " with");
            assertEquals(rendered.kafkaBootstrap(), string(trigger, "metadata", "bootstrapServers"));
            int partitions = integer(rendered.topic(topic), "spec", "partitions");
            assertTrue(maxReplicas <= partitions, overlay + ": maxReplicaCount " + maxReplicas + " exceeds the "
                    + partitions + " partitions of " + topic + " (extra workers would idle)");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shutdownIsGracefulAndDisruptionsAndTrafficAreBounded(String overlay) {
        Rendered rendered = render(overlay);
        for (Map<String, Object> deployment : rendered.all("Deployment")) {
            String name = string(deployment, "metadata", "name");
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            Object container = list(pod, "containers").getFirst();
            Object preStopSleep = at(container, "lifecycle", "preStop", "sleep", "seconds");
            int grace = integer(pod, "terminationGracePeriodSeconds");
            if (!name.equals("openai-simulator")) {
                assertNotNull(preStopSleep, overlay + "/" + name + " has a preStop pause");
                assertTrue(grace > ((Number) preStopSleep).intValue(), name + " grace period outlasts preStop");
            }
            if (name.equals("worker-service")) {
                String drain = rendered.environment(container).get("OVERTIME_WORKER_SHUTDOWN_GRACE");
                long drainSeconds = drain == null ? 60 : Duration.parse("PT" + drain.toUpperCase()).toSeconds();
                assertTrue(grace > drainSeconds + ((Number) preStopSleep).intValue(),
                        overlay + ": worker terminationGracePeriodSeconds " + grace + " must exceed preStop + drain " + drainSeconds + " s");
            }
            Map<String, Object> labels = map(deployment, "spec", "template", "metadata", "labels");
            assertTrue(rendered.all("NetworkPolicy").stream().anyMatch(p -> selects(p, labels)), name + " has a NetworkPolicy");
            if (!name.equals("openai-simulator")) {
                assertTrue(rendered.all("PodDisruptionBudget").stream().anyMatch(p -> selects(p, labels)), name + " has a PodDisruptionBudget");
            }
        }
        Map<String, Object> hpa = rendered.named("HorizontalPodAutoscaler", "api-service");
        assertNotNull(hpa, overlay + ": the API has an HPA");
        assertEquals("api-service", string(hpa, "spec", "scaleTargetRef", "name"));
        assertTrue(integer(hpa, "spec", "minReplicas") <= integer(hpa, "spec", "maxReplicas"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusScrapesBothServicesOnTheirManagementPortsWhichTheNetworkPoliciesOpen(String overlay) {
        Rendered rendered = render(overlay);
        for (String module : List.of("api-service", "worker-service")) {
            String where = overlay + "/" + module;
            int management = ServiceConfig.of(module).healthPort();
            Map<String, Object> service = rendered.named("Service", module);
            assertNotNull(service, where + " has a Service");
            Object port = list(service, "spec", "ports").stream().filter(p -> "management".equals(string(p, "name")))
                    .findFirst().orElseGet(() -> fail(where + ": its Service has no port named management"));
            assertEquals("management", string(port, "targetPort"), where + " Service targets the container's management port");
            assertTrue(list(service, "spec", "ports").stream().noneMatch(p -> "http".equals(string(p, "name"))
                            && module.equals("worker-service")), where + ": the worker serves nothing on its http port");

            Map<String, Object> monitor = rendered.named("ServiceMonitor", module);
            assertNotNull(monitor, where + " has a ServiceMonitor");
            Map<String, Object> selector = map(monitor, "spec", "selector", "matchLabels");
            Map<String, Object> serviceLabels = map(service, "metadata", "labels");
            assertTrue(!selector.isEmpty() && selector.entrySet().stream()
                    .allMatch(e -> Objects.equals(serviceLabels.get(e.getKey()), e.getValue())), where + " ServiceMonitor selects its Service");
            Object endpoint = list(monitor, "spec", "endpoints").getFirst();
            assertEquals("management", string(endpoint, "port"), where + " scraped on the management port");
            assertEquals("/q/metrics", string(endpoint, "path"), where + " scrape path");

            Map<String, Object> policy = rendered.named("NetworkPolicy", module);
            boolean open = list(policy, "spec", "ingress").stream().flatMap(rule -> list(rule, "ports").stream())
                    .anyMatch(p -> Objects.equals(String.valueOf(management), string(p, "port")));
            assertTrue(open, where + ": its NetworkPolicy lets Prometheus reach port " + management);
        }
    }

    private static void assertProbesAskThePortThatServesHealth(String where, Object container) {
        String module = string(container, "name");
        ServiceConfig config = ServiceConfig.of(module);
        String portName = config.hasManagementInterface() ? "management" : "http";
        Object port = list(container, "ports").stream().filter(p -> portName.equals(string(p, "name"))).findFirst()
                .orElseGet(() -> fail(where + " declares no container port named " + portName));
        assertEquals(config.healthPort(), integer(port, "containerPort"), where + " " + portName + " port");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals(portName, string(container, probe, "httpGet", "port"), where + " " + probe + " asks the " + portName + " port");
        }
    }

    private static boolean selects(Map<String, Object> policyOrBudget, Map<String, Object> podLabels) {
        Map<String, Object> selector = map(policyOrBudget, "spec", "podSelector", "matchLabels");
        if (selector.isEmpty()) {
            selector = map(policyOrBudget, "spec", "selector", "matchLabels");
        }
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> Objects.equals(podLabels.get(e.getKey()), e.getValue()));
    }

    private static void assertTmpIsAWritableEmptyDir(String where, Map<String, Object> pod, Object container) {
        String volume = list(container, "volumeMounts").stream()
                .filter(m -> "/tmp".equals(string(m, "mountPath"))).map(m -> string(m, "name")).findFirst()
                .orElseGet(() -> fail(where + ": read-only root filesystem needs /tmp mounted from an emptyDir"));
        assertTrue(list(pod, "volumes").stream().anyMatch(v -> volume.equals(string(v, "name")) && at(v, "emptyDir") != null),
                where + ": /tmp volume is an emptyDir");
    }
}
