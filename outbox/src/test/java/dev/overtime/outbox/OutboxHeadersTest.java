package dev.overtime.outbox;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutboxHeadersTest {

    @Test
    void storesHeadersAsAJsonObjectOfStringsAndNoHeadersAsNull() {
        assertEquals("{\"content-type\":\"application/cloudevents+json; charset=UTF-8\"}",
                OutboxHeaders.column(Map.of("content-type", "application/cloudevents+json; charset=UTF-8")));
        assertNull(OutboxHeaders.column(Map.of()));
        assertNull(OutboxHeaders.column(null));
    }

    @Test
    void aColumnBecomesTheSameKafkaHeadersWhoeverWroteIt() {
        RecordHeaders headers = OutboxHeaders.kafka("{\"content-type\":\"application/cloudevents+json; charset=UTF-8\",\"x\":\"é\"}");
        Header[] all = headers.toArray();
        assertEquals(2, all.length);
        assertEquals("content-type", all[0].key());
        assertEquals("application/cloudevents+json; charset=UTF-8", new String(all[0].value(), StandardCharsets.UTF_8));
        assertEquals("x", all[1].key());
        assertEquals("é", new String(all[1].value(), StandardCharsets.UTF_8));
    }

    @Test
    void noColumnMeansNoHeadersAndAnUnreadableOneFailsTheRound() {
        assertEquals(0, OutboxHeaders.kafka(null).toArray().length);
        assertEquals(0, OutboxHeaders.kafka(" ").toArray().length);
        assertThrows(IllegalStateException.class, () -> OutboxHeaders.kafka("{broken"));
    }
}
