package dev.overtime.outbox;

/** An unpublished outbox row as the relay reads it. */
record OutboxRow(long id, String topic, String recordKey, String payload, String headers) {

    static OutboxRow of(Object[] columns) {
        return new OutboxRow(((Number) columns[0]).longValue(), (String) columns[1], (String) columns[2],
                (String) columns[3], (String) columns[4]);
    }
}
