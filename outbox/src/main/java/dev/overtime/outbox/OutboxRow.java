package dev.overtime.outbox;

import java.time.Instant;

/** An unpublished outbox row as the relay reads it. */
record OutboxRow(long id, String topic, String recordKey, String payload, String headers, Instant createdAt) {

    static OutboxRow of(Object[] columns) {
        return new OutboxRow(((Number) columns[0]).longValue(), (String) columns[1], (String) columns[2],
                (String) columns[3], (String) columns[4], instant(columns[5]));
    }

    private static Instant instant(Object column) {
        return switch (column) {
            case Instant instant -> instant;
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case java.time.OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("unexpected created_at " + column);
        };
    }
}
