package dev.overtime.api.upstream;

import java.util.Locale;

/**
 * How long an upstream call may take, by how much the answer needs it. The constants feed the
 * {@code @Timeout} annotations; {@code overtime.api.timeout-profiles.*} and per-method
 * {@code quarkus.fault-tolerance."<class>/<method>".timeout.value} keys override them.
 */
public enum TimeoutProfile {
    /** Nice to have: the answer is complete enough without it. */
    OPTIONAL,
    /** Shapes the answer, and a fallback exists. */
    DEFAULT,
    /** Decides whether the request may proceed at all. */
    CRITICAL;

    public static final long OPTIONAL_MS = 2000;
    public static final long DEFAULT_MS = 3500;
    public static final long CRITICAL_MS = 5000;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
