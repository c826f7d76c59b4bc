package dev.overtime.api.push.feed;

/**
 * The id of a job event, derived from the job's version so that any replica gives the same id to
 * the same change: {@code "7"} for the state at version 7, {@code "7.2"} for the second partial
 * image seen at version 7. A client resuming with {@code Last-Event-ID} gets only later events.
 */
public record EventCursor(long version, int partial) implements Comparable<EventCursor> {

    public static final EventCursor START = new EventCursor(-1, 0);

    /** Parses a Last-Event-ID; anything unreadable means "from the start". */
    public static EventCursor parse(String id) {
        if (id == null || id.isBlank()) {
            return START;
        }
        try {
            String[] parts = id.trim().split("\\.", 2);
            long version = Long.parseLong(parts[0]);
            int partial = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return version < 0 || partial < 0 ? START : new EventCursor(version, partial);
        } catch (NumberFormatException e) {
            return START;
        }
    }

    @Override
    public int compareTo(EventCursor other) {
        int byVersion = Long.compare(version, other.version);
        return byVersion != 0 ? byVersion : Integer.compare(partial, other.partial);
    }

    public boolean isAfter(EventCursor other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return partial == 0 ? Long.toString(version) : version + "." + partial;
    }
}
