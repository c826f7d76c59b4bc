package dev.overtime.deploychecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.overtime.deploychecks.Tree.list;
import static dev.overtime.deploychecks.Tree.map;
import static dev.overtime.deploychecks.Tree.string;

/** The objects one overlay renders to, with the look-ups the checks need. */
record Rendered(List<Map<String, Object>> objects) {

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(string(o, "metadata", "name"))).findFirst().orElse(null);
    }

    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }

    Object container(String deployment) {
        Map<String, Object> found = named("Deployment", deployment);
        if (found == null) {
            throw new AssertionError("no Deployment " + deployment);
        }
        return list(found, "spec", "template", "spec", "containers").getFirst();
    }

    /** A KafkaTopic by the Kafka topic name it creates ({@code spec.topicName}, else its own name). */
    Map<String, Object> topic(String topicName) {
        return all("KafkaTopic").stream()
                .filter(t -> topicName.equals(string(t, "spec", "topicName") != null ? string(t, "spec", "topicName") : string(t, "metadata", "name")))
                .findFirst().orElse(null);
    }

    /** {@code <cluster>-kafka-bootstrap:<port>} of the plain listener that Strimzi creates. */
    String kafkaBootstrap() {
        Map<String, Object> kafka = one("Kafka");
        Object plain = list(kafka, "spec", "kafka", "listeners").stream()
                .filter(l -> Boolean.FALSE.equals(Tree.at(l, "tls"))).findFirst()
                .orElseThrow(() -> new AssertionError("Kafka has no plain listener"));
        return string(kafka, "metadata", "name") + "-kafka-bootstrap:" + string(plain, "port");
    }

    /** The container's environment: {@code env} values (secret references as {@code secret:<name>/<key>}) over {@code envFrom} ConfigMaps. */
    Map<String, String> environment(Object container) {
        Map<String, String> env = new TreeMap<>();
        for (Object source : list(container, "envFrom")) {
            String configMap = string(source, "configMapRef", "name");
            if (configMap != null) {
                Map<String, Object> cm = named("ConfigMap", configMap);
                if (cm == null) {
                    throw new AssertionError("envFrom references missing ConfigMap " + configMap);
                }
                map(cm, "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Object variable : list(container, "env")) {
            String value = string(variable, "value");
            if (value == null && string(variable, "valueFrom", "secretKeyRef", "name") != null) {
                value = "secret:" + string(variable, "valueFrom", "secretKeyRef", "name") + "/" + string(variable, "valueFrom", "secretKeyRef", "key");
            }
            env.put(string(variable, "name"), value);
        }
        return env;
    }

    List<String> secretReferences(Object container) {
        List<String> secrets = new ArrayList<>();
        for (Object variable : list(container, "env")) {
            String secret = string(variable, "valueFrom", "secretKeyRef", "name");
            if (secret != null) {
                secrets.add(secret);
            }
        }
        return secrets;
    }
}
