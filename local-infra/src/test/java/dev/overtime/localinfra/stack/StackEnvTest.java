package dev.overtime.localinfra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.overtime.localinfra.S3Access;

/** .overtime/stack.env tells a shell (and the client tests) how to reach every part of the local stack. */
class StackEnvTest {

    @Test
    void namesTheS3ServerItsBucketAndKeys() {
        StackEnv env = new StackEnv("http://127.0.0.1:8080", "key-1", "http://127.0.0.1:9000", "http://127.0.0.1:9001", "127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:5432/overtime",
                "http://127.0.0.1:8090/v1", "admin", new S3Access("http://127.0.0.1:9000", "overtime", "overtime-local", "s3cr3t"));

        List<String> lines = env.lines().lines().toList();

        assertTrue(lines.containsAll(List.of("S3_ENDPOINT=http://127.0.0.1:9000", "S3_BUCKET=overtime",
                "S3_ACCESS_KEY=overtime-local", "S3_SECRET_KEY=s3cr3t")), lines.toString());
        assertEquals("API_URL=http://127.0.0.1:8080", lines.getFirst());
    }

    @Test
    void namesTheManagementInterfacesThatServeHealthAndMetrics() {
        StackEnv env = new StackEnv("http://127.0.0.1:8080", null, "http://127.0.0.1:9000", "http://127.0.0.1:9001", "127.0.0.1:9092",
                "jdbc:postgresql://127.0.0.1:5432/overtime", "http://127.0.0.1:8090/v1", "admin",
                new S3Access("http://127.0.0.1:9100", "overtime", "overtime-local", "s3cr3t"));

        List<String> lines = env.lines().lines().toList();

        assertTrue(lines.containsAll(List.of("API_MANAGEMENT_URL=http://127.0.0.1:9000",
                "WORKER_MANAGEMENT_URL=http://127.0.0.1:9001")), lines.toString());
    }
}
