package dev.overtime.deploychecks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.overtime.deploychecks.Tree.list;
import static dev.overtime.deploychecks.Tree.map;
import static dev.overtime.deploychecks.Tree.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's NetworkPolicy lets it reach every upstream it is configured for in each overlay - moderation, the
 * operator's accounts and presets services, object storage - and webhook receivers: a blocked moderation upstream
 * fails open silently, so this is checked, not assumed. An upstream inside the overlay must also admit the API.
 */
class ApiEgressTest {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");
    /** Stands for any webhook receiver: a public host on HTTPS. */
    private static final String WEBHOOK_RECEIVER = "https://hooks.example.com/overtime";

    static Stream<String> overlays() throws java.io.IOException {
        return KubernetesManifestsTest.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theApiReachesEveryUpstreamItIsConfiguredForAndWebhookReceivers(String overlay) {
        Rendered rendered = new Rendered(Kustomize.render(Repository.file("deploy/k8s/overlays/" + overlay)));
        Map<String, String> env = rendered.environment(rendered.container("api-service"));
        Map<String, Object> apiLabels = map(rendered.named("Deployment", "api-service"), "spec", "template", "metadata", "labels");
        Map<String, Object> policy = rendered.named("NetworkPolicy", "api-service");
        assertNotNull(policy, overlay + ": the API has a NetworkPolicy");

        Map<String, String> upstreams = upstreams(env);
        assertTrue(upstreams.containsKey("moderation"), overlay + ": moderation always has a URL");
        upstreams.forEach((name, url) -> {
            URI uri = URI.create(url);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            String where = overlay + ": the API's " + name + " upstream " + url;
            Map<String, Object> service = rendered.named("Service", uri.getHost());
            if (service == null) {
                assertTrue(list(policy, "spec", "egress").stream().anyMatch(rule -> list(rule, "to").isEmpty()
                        && allowsPort(rule, port, null)), where + " needs an egress rule to any address on " + port);
                return;
            }
            Map<String, Object> selector = map(service, "spec", "selector");
            Object servicePort = list(service, "spec", "ports").stream()
                    .filter(p -> Objects.equals(String.valueOf(port), string(p, "port"))).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": Service " + uri.getHost() + " has no port " + port));
            Object container = workloadContainer(rendered, selector);
            int podPort = podPort(container, string(servicePort, "targetPort") == null ? String.valueOf(port) : string(servicePort, "targetPort"));
            String portName = list(container, "ports").stream()
                    .filter(p -> Objects.equals(String.valueOf(podPort), string(p, "containerPort")))
                    .map(p -> string(p, "name")).filter(Objects::nonNull).findFirst().orElse(null);
            assertTrue(list(policy, "spec", "egress").stream().anyMatch(rule -> allowsPort(rule, podPort, portName)
                            && (list(rule, "to").isEmpty() || list(rule, "to").stream().anyMatch(peer -> selectsPods(peer, selector)))),
                    where + " needs an egress rule to pods " + selector + " on " + podPort);
            for (Map<String, Object> guard : rendered.all("NetworkPolicy")) {
                Map<String, Object> guarded = map(guard, "spec", "podSelector", "matchLabels");
                if (!guarded.isEmpty() && contains(selector, guarded) && list(guard, "spec", "policyTypes").contains("Ingress")) {
                    assertTrue(list(guard, "spec", "ingress").stream().anyMatch(rule -> allowsPort(rule, podPort, portName)
                                    && (list(rule, "from").isEmpty() || list(rule, "from").stream()
                                    .anyMatch(peer -> contains(apiLabels, map(peer, "podSelector", "matchLabels"))
                                            && !map(peer, "podSelector", "matchLabels").isEmpty()))),
                            where + ": NetworkPolicy " + string(guard, "metadata", "name") + " must admit the API on " + podPort);
                }
            }
        });
    }

    /** Moderation, accounts and presets as the API resolves them; object storage; a webhook receiver. */
    private static Map<String, String> upstreams(Map<String, String> env) {
        ServiceConfig config = ServiceConfig.of("api-service");
        Map<String, String> urls = new LinkedHashMap<>();
        for (String client : List.of("moderation", "accounts", "presets")) {
            String override = env.get("QUARKUS_REST_CLIENT_" + client.toUpperCase() + "_URL");
            String url = override != null ? override : resolve(config.value("quarkus.rest-client." + client + ".url"), env);
            if (url != null && !url.isBlank()) {
                urls.put(client, url);
            }
        }
        String storage = env.get("OVERTIME_STORAGE_ENDPOINT");
        urls.put("object storage", storage != null ? storage
                : "https://s3." + env.getOrDefault("OVERTIME_STORAGE_REGION", "us-east-1") + ".amazonaws.com");
        urls.put("webhook receiver", WEBHOOK_RECEIVER);
        return urls;
    }

    private static String resolve(String value, Map<String, String> env) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String replacement = env.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(resolved).toString();
    }

    private static Object workloadContainer(Rendered rendered, Map<String, Object> selector) {
        return Stream.of("Deployment", "StatefulSet").flatMap(kind -> rendered.all(kind).stream())
                .filter(w -> contains(map(w, "spec", "template", "metadata", "labels"), selector))
                .map(w -> list(w, "spec", "template", "spec", "containers").getFirst())
                .findFirst().orElseThrow(() -> new AssertionError("no workload runs the pods " + selector));
    }

    private static int podPort(Object container, String target) {
        if (target.matches("\\d+")) {
            return Integer.parseInt(target);
        }
        return list(container, "ports").stream().filter(p -> target.equals(string(p, "name")))
                .map(p -> Integer.parseInt(string(p, "containerPort"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + target));
    }

    private static boolean allowsPort(Object rule, int port, String portName) {
        List<Object> ports = list(rule, "ports");
        return ports.isEmpty() || ports.stream().anyMatch(p -> String.valueOf(port).equals(string(p, "port"))
                || (portName != null && portName.equals(string(p, "port"))));
    }

    /** A same-namespace peer whose pod selector picks the pods with these labels. */
    private static boolean selectsPods(Object peer, Map<String, Object> podLabels) {
        Map<String, Object> selector = map(peer, "podSelector", "matchLabels");
        return string(peer, "namespaceSelector") == null && !selector.isEmpty() && contains(podLabels, selector);
    }

    private static boolean contains(Map<String, Object> labels, Map<String, Object> selector) {
        return selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noOverlayShipsAnAdminToken(String overlay) {
        Rendered rendered = new Rendered(Kustomize.render(Repository.file("deploy/k8s/overlays/" + overlay)));
        assertEquals(null, rendered.all("Secret").stream()
                        .filter(s -> string(s, "metadata", "name").startsWith("overtime-api-admin")).findFirst().orElse(null),
                overlay + ": the admin token is created out of band, never a default in the repository");
        Object reference = list(rendered.container("api-service"), "env").stream()
                .filter(v -> "OVERTIME_API_ADMIN_TOKEN".equals(string(v, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": the API reads OVERTIME_API_ADMIN_TOKEN from a Secret"));
        assertEquals("overtime-api-admin", string(reference, "valueFrom", "secretKeyRef", "name"));
        assertTrue(!"true".equals(string(reference, "valueFrom", "secretKeyRef", "optional")),
                overlay + ": the API does not start without its admin token Secret");
    }
}
