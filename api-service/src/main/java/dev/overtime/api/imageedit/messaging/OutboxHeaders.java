package dev.overtime.api.imageedit.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads an outbox row's {@code headers} column (a JSON object of strings) into Kafka headers. */
final class OutboxHeaders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private OutboxHeaders() {
    }

    static RecordHeaders of(String column) {
        RecordHeaders headers = new RecordHeaders();
        if (column == null || column.isBlank()) {
            return headers;
        }
        try {
            JSON.readValue(column, MAP).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable outbox headers", e);
        }
        return headers;
    }
}
