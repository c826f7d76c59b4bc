package dev.overtime.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts programs with their output appended to a log, and checks and stops processes by pid. */
public final class Processes {

    /** Every JVM this project launches carries it: out of memory means exit and restart, never half-alive. */
    public static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

    private static final Duration POLL = Duration.ofMillis(200);

    private Processes() {
    }

    /** The {@code java} launcher of this JVM, so child JVMs run on the same JDK. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Starts {@code command} with {@code env} added to ours and its output appended to {@code log}. With
     * {@code ownSession} it runs in a session of its own (setsid), so a Ctrl-C meant for whoever started it
     * does not reach it; setsid execs in place, so the pid is the program's.
     */
    public static Process start(List<String> command, Map<String, String> env, Path log, boolean ownSession) {
        List<String> full = new ArrayList<>();
        if (ownSession) {
            full.add("setsid");
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }

    /** Alive and not a zombie: a detached process may be reparented to a PID 1 that never reaps it. */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state follows the command name, which is in parentheses and may itself hold spaces.
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL; false if it had to be killed. */
    public static boolean stop(long pid, Duration grace) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (awaitExit(pid, grace)) {
            return true;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        awaitExit(pid, Duration.ofSeconds(10));
        return false;
    }

    /** Waits up to {@code timeout} for the process to be gone; true if it is. */
    public static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    /** The last {@code lines} lines of a log, or why there are none. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** One polling interval: these loops wait for other processes, which offer nothing to block on. */
    static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another process", e);
        }
    }
}
