package dev.overtime.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion and fails with its output when it does not succeed. */
final class Commands {

    private Commands() {
    }

    static String run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /** As {@link #run(List, Duration)}, with {@code env} added to this JVM's environment. */
    static String run(List<String> command, Map<String, String> env, Duration timeout) {
        Path output = null;
        try {
            // A file rather than a pipe: pg_ctl's server child may inherit our stdout and keep a pipe open forever.
            output = Files.createTempFile("overtime-command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temp file is not worth failing a test for.
        }
    }
}
