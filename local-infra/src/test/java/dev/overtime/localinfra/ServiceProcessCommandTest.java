package dev.overtime.localinfra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services this project launches exit when they run out of memory, whatever JVM options the caller chose. */
class ServiceProcessCommandTest {

    @Test
    void aServiceJvmExitsOnOutOfMemoryWhateverOptionsItIsGiven(@TempDir Path repo) throws IOException {
        Path jar = repo.resolve("api-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);
        ServiceProcess service = ServiceProcess.detached("api", repo, "api-service", 8080, 9000, Map.of(),
                repo.resolve(".overtime/logs/api.log"), List.of("-Xmx256m", "-XX:+UseSerialGC"));

        List<String> command = service.command();

        assertEquals(Processes.java(), command.getFirst());
        assertTrue(command.contains("-XX:+ExitOnOutOfMemoryError"), command.toString());
        assertTrue(command.indexOf("-XX:+ExitOnOutOfMemoryError") < command.indexOf("-jar"),
                "a JVM option comes before -jar: " + command);
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()),
                command.subList(2, command.size()));
    }
}
