package dev.overtime.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code headers} column: Kafka headers as a JSON object of strings, or null for none. */
final class OutboxHeaders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private OutboxHeaders() {
    }

    static String column(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("string maps always serialise", e);
        }
    }

    /** The Kafka headers a row's column names, in the column's order, values UTF-8. */
    static RecordHeaders kafka(String column) {
        RecordHeaders headers = new RecordHeaders();
        if (column == null || column.isBlank()) {
            return headers;
        }
        try {
            JSON.readValue(column, MAP).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outbox headers: " + column, e);
        }
        return headers;
    }
}
