package dev.overtime.deploychecks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each service has JVM, native and native-micro images whose final stage is minimal, runs as non-root and exits on OOM. */
class DockerfilesTest {

    @ParameterizedTest
    @CsvSource({
            "api-service, Dockerfile.jvm, registry.access.redhat.com/ubi9/openjdk-21-runtime:",
            "api-service, Dockerfile.native, registry.access.redhat.com/ubi9/ubi-minimal:",
            "api-service, Dockerfile.native-micro, quay.io/quarkus/ubi9-quarkus-micro-image:",
            "worker-service, Dockerfile.jvm, registry.access.redhat.com/ubi9/openjdk-21-runtime:",
            "worker-service, Dockerfile.native, registry.access.redhat.com/ubi9/ubi-minimal:",
            "worker-service, Dockerfile.native-micro, quay.io/quarkus/ubi9-quarkus-micro-image:",
            "openai-simulator, Dockerfile.jvm, registry.access.redhat.com/ubi9/openjdk-21-runtime:",
            "openai-simulator, Dockerfile.native, registry.access.redhat.com/ubi9/ubi-minimal:",
            "openai-simulator, Dockerfile.native-micro, quay.io/quarkus/ubi9-quarkus-micro-image:",
    })
    void finalStageIsMinimalNonRootExitsOnOutOfMemoryAndExposesItsPorts(String module, String dockerfile, String base) throws IOException {
        Path path = Repository.file(module + "/src/main/docker/" + dockerfile);
        List<String> lines = Files.readAllLines(path).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertFalse(froms.isEmpty(), path + " has a FROM");
        assertTrue(froms.getLast().startsWith("FROM " + base), path + " runs on " + base + ", not " + froms.getLast());
        List<String> finalStage = lines.subList(lines.lastIndexOf(froms.getLast()), lines.size());
        String user = finalStage.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(path + " sets no USER in its final stage")).substring(5).strip();
        assertTrue(user.matches("[1-9][0-9]*"), path + " runs as a numeric non-root user (for runAsNonRoot), not " + user);
        ServiceConfig config = ServiceConfig.of(module);
        String exposed = "EXPOSE " + config.httpPort() + (config.hasManagementInterface() ? " " + config.healthPort() : "");
        assertTrue(finalStage.contains(exposed), path + " exposes the service port and its management port: " + exposed);
        // A process that ran out of memory must exit and be restarted, never linger half-alive with health unanswered.
        String exitOnOom = "-XX:+ExitOnOutOfMemoryError";
        if (dockerfile.equals("Dockerfile.jvm")) {
            assertTrue(finalStage.stream().anyMatch(l -> l.startsWith("ENV JAVA_OPTS_APPEND=") && l.contains(exitOnOom)),
                    path + " runs the JVM with " + exitOnOom);
        } else {
            assertTrue(finalStage.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("\"" + exitOnOom + "\"")),
                    path + " runs the native executable with " + exitOnOom);
        }
        if (dockerfile.startsWith("Dockerfile.native")) {
            assertTrue(String.join("\n", lines).contains("-Pnative"), path + " compiles with the native profile");
            assertEquals(1, froms.stream().filter(f -> f.contains("mandrel-builder-image")).count(), path + " compiles in Mandrel's builder image");
        }
    }
}
