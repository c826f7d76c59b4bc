package dev.overtime.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.overtime.deploychecks.Tree.list;
import static dev.overtime.deploychecks.Tree.map;
import static dev.overtime.deploychecks.Tree.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the Prometheus alerts use only metrics the services export (the one list,
 * {@link Metric}, which each service's tests hold against its {@code /q/metrics}), and cover what operators watch.
 */
class MonitoringTest {

    static final String DASHBOARD = "deploy/k8s/base/grafana/overtime-dashboard.json";
    private static final Pattern OUR_METRIC = Pattern.compile("\\bovertime_[a-zA-Z0-9_]+");
    private static final Set<String> EXPORTED = Arrays.stream(Metric.values())
            .flatMap(m -> m.seriesNames().stream()).collect(Collectors.toCollection(TreeSet::new));

    static Stream<String> overlays() throws IOException {
        return KubernetesManifestsTest.overlays();
    }

    @Test
    void theDashboardParsesAndEveryPanelQueriesExportedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Repository.file(DASHBOARD)));
        assertEquals("overtime", dashboard.path("uid").asText());
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard.path("panels"), expressions);
        assertFalse(expressions.isEmpty(), "the dashboard has queries");
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            Set<String> names = ourMetrics(expr);
            assertTrue(EXPORTED.containsAll(names), "panel query uses metrics nobody exports: " + expr
                    + "\n  unknown: " + difference(names));
            used.addAll(names);
        }
        // Queue depth and age, throughput by outcome, upstream latency percentiles, in-flight edits, outbox lag,
        // webhook failures, cost: each has a panel.
        for (Metric needed : List.of(Metric.JOBS_QUEUED, Metric.JOBS_OLDEST_QUEUED_AGE, Metric.JOBS_FINISHED,
                Metric.UPSTREAM_REQUEST_DURATION, Metric.WORKER_EDITS_IN_FLIGHT, Metric.OUTBOX_LAG,
                Metric.WEBHOOK_DELIVERIES, Metric.TOKENS)) {
            assertTrue(needed.seriesNames().stream().anyMatch(used::contains), "no panel shows " + needed.prometheusName());
        }
        assertTrue(expressions.stream().anyMatch(e -> e.contains("histogram_quantile")
                && e.contains("overtime_upstream_request_duration_seconds_bucket")), "upstream latency percentiles");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theAlertsCoverWhatOperatorsWatchAndUseExportedMetrics(String overlay) {
        Rendered rendered = new Rendered(Kustomize.render(Repository.file("deploy/k8s/overlays/" + overlay)));
        Map<String, Object> rule = rendered.named("PrometheusRule", "overtime");
        assertNotNull(rule, overlay + " renders the PrometheusRule");
        Set<String> alerts = new TreeSet<>();
        for (Object group : list(rule, "spec", "groups")) {
            for (Object r : list(group, "rules")) {
                String alert = string(r, "alert");
                String expr = string(r, "expr");
                assertNotNull(alert, "every rule is an alert: " + r);
                assertTrue(expr != null && !ourMetrics(expr).isEmpty(), alert + " queries Overtime's metrics");
                assertTrue(EXPORTED.containsAll(ourMetrics(expr)), alert + " uses metrics nobody exports: " + difference(ourMetrics(expr)));
                assertNotNull(string(r, "for"), alert + " waits before firing");
                assertTrue(List.of("warning", "critical").contains(string(r, "labels", "severity")), alert + " severity");
                assertNotNull(string(r, "annotations", "summary"), alert + " summary");
                assertTrue(String.valueOf(string(r, "annotations", "runbook")).startsWith("docs/OPERATIONS.md"), alert + " runbook");
                alerts.add(alert);
            }
        }
        assertTrue(alerts.containsAll(List.of("OvertimeOldestQueuedJobTooOld", "OvertimeUpstreamErrorRate",
                "OvertimeCircuitOpen", "OvertimeOutboxLag", "OvertimeDeadLettersGrowing",
                "OvertimeWorkerMemoryBudgetSaturated")), overlay + " alerts: " + alerts);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theDashboardShipsAsAConfigMapForGrafanasSidecar(String overlay) throws IOException {
        Rendered rendered = new Rendered(Kustomize.render(Repository.file("deploy/k8s/overlays/" + overlay)));
        Map<String, Object> configMap = rendered.named("ConfigMap", "overtime-grafana-dashboard");
        assertNotNull(configMap, overlay + " renders the dashboard ConfigMap");
        assertEquals("1", string(configMap, "metadata", "labels", "grafana_dashboard"));
        assertEquals(Files.readString(Repository.file(DASHBOARD)), map(configMap, "data").get("overtime-dashboard.json"));
    }

    private static void collectExpressions(JsonNode panels, List<String> into) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> {
                if (target.hasNonNull("expr")) {
                    into.add(target.get("expr").asText());
                }
            });
            collectExpressions(panel.path("panels"), into);
        }
    }

    private static Set<String> ourMetrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = OUR_METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Set<String> difference(Set<String> names) {
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(EXPORTED);
        return unknown;
    }
}
