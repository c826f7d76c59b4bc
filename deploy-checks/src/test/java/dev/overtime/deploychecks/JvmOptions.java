package dev.overtime.deploychecks;

/** What every JVM of ours runs with, wherever it is deployed (issue 11). */
final class JvmOptions {

    /** A JVM out of memory exits and is restarted, never lingers half-alive. */
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    private JvmOptions() {
    }
}
