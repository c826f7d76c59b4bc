package dev.overtime.deploychecks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service's {@code application.properties} (production profile) demands from a deployment: the
 * environment variables it cannot run without, its HTTP port, and the Kafka topics and consumer groups it uses.
 * Read from the file itself, so a new required setting fails the deploy checks until deployments provide it.
 */
record ServiceConfig(String module, Properties properties) {

    /** {@code ${ENV_VAR}} or {@code ${ENV_VAR:default}} in a value. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");

    static ServiceConfig of(String module) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Repository.file(module + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfig(module, properties);
    }

    /** A production-profile value (keys starting with {@code %} belong to other profiles). */
    String value(String key) {
        return properties.getProperty(key);
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port"));
    }

    /** Whether health and metrics live on a management interface of their own ({@code quarkus.management.*}). */
    boolean hasManagementInterface() {
        return "true".equals(value("quarkus.management.enabled"));
    }

    /** The port that serves {@code /q/health} and {@code /q/metrics}: the management port, or the HTTP port without one. */
    int healthPort() {
        return hasManagementInterface() ? Integer.parseInt(value("quarkus.management.port")) : httpPort();
    }

    /**
     * Environment variables a deployment must set: each one referenced without a default, with an empty default or
     * with a localhost default; the datasource when the production profile names none; the Kafka bootstrap servers
     * when a Kafka channel exists and production names none.
     */
    Set<String> requiredEnvironment() {
        Set<String> required = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%")) {
                continue;
            }
            Matcher m = ENV_REFERENCE.matcher(value(key));
            while (m.find()) {
                String fallback = m.group(2);
                if (fallback == null || fallback.isBlank() || fallback.contains("localhost")) {
                    required.add(m.group(1));
                }
            }
        }
        if (value("quarkus.datasource.db-kind") != null && value("quarkus.datasource.jdbc.url") == null) {
            required.addAll(Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"));
        }
        if (!topics().isEmpty() && value("kafka.bootstrap.servers") == null) {
            required.add("KAFKA_BOOTSTRAP_SERVERS");
        }
        return required;
    }

    /** Kafka topics by channel direction and name, e.g. {@code incoming.image-edit-requests -> image-edit.requests}. */
    Map<String, String> topics() {
        Map<String, String> topics = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (m.matches() && m.group(3).equals("topic")
                    && "smallrye-kafka".equals(value("mp.messaging." + m.group(1) + "." + m.group(2) + ".connector"))) {
                topics.put(m.group(1) + "." + m.group(2), value(key));
            }
        }
        return topics;
    }

    /** Topics this service consumes, each with its consumer group. */
    Map<String, String> consumerGroupsByTopic() {
        Map<String, String> groups = new TreeMap<>();
        topics().forEach((channel, topic) -> {
            if (channel.startsWith("incoming.")) {
                groups.put(topic, value("mp.messaging." + channel + ".group.id"));
            }
        });
        return groups;
    }
}
