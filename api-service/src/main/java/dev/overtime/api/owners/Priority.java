package dev.overtime.api.owners;

import java.util.Locale;

/**
 * How soon an owner's edit starts among that owner's queued edits ({@code priority=low|normal|high} on submit).
 * Stored as its {@link #rank()} in image_edit_jobs.priority; it never puts one owner ahead of another.
 */
public enum Priority {
    LOW(0), NORMAL(1), HIGH(2);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAbove(Priority other) {
        return rank > other.rank;
    }

    /** The priority named {@code low}, {@code normal} or {@code high}; null for anything else. */
    public static Priority ofWire(String name) {
        if (name == null) {
            return null;
        }
        for (Priority priority : values()) {
            if (priority.wireName().equals(name.trim())) {
                return priority;
            }
        }
        return null;
    }
}
