package dev.overtime.common;

import java.util.Locale;

/** The states an image edit job moves through; names are the lower-case wire values. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
