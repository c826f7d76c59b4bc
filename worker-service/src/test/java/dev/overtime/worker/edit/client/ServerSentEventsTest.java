package dev.overtime.worker.edit.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ServerSentEventsTest {

    @Test
    void eventsKeepTheirNamesAndDataWhateverTheLineEndings() throws IOException {
        List<String> events = read("event: one\ndata: {\"a\":1}\n\nevent: two\r\ndata: {\"b\":2}\r\n\r\n"
                + "event: three\rdata: x\r\r");

        assertEquals(List.of("one={\"a\":1}", "two={\"b\":2}", "three=x"), events);
    }

    @Test
    void dataLinesJoinWithLineFeedsAndOtherFieldsAndCommentsAreSkipped() throws IOException {
        List<String> events = read(": keep-alive\n\nid: 7\ndata: first\nretry: 10\ndata:second\n\n");

        assertEquals(List.of("null=first\nsecond"), events);
    }

    @Test
    void anUnreadRestOfAnEventIsSkippedAndTheStreamEndsWithoutABlankLine() throws IOException {
        ServerSentEvents events = new ServerSentEvents(stream("data: abcdef\n\ndata: last"));

        ServerSentEvents.Event first = events.next();
        assertEquals('a', first.data().read());
        ServerSentEvents.Event second = events.next();
        assertEquals("last", new String(second.data().readAllBytes(), StandardCharsets.UTF_8));
        assertNull(events.next());
    }

    @Test
    void aDataLineLargerThanEveryBufferStreamsThroughWhole() throws IOException {
        String big = "x".repeat(3 * 1024 * 1024);

        List<String> events = read("event: image_edit.completed\ndata: " + big + "\n\n");

        assertEquals(1, events.size());
        assertEquals("image_edit.completed=" + big, events.getFirst());
    }

    private static List<String> read(String text) throws IOException {
        ServerSentEvents events = new ServerSentEvents(stream(text));
        List<String> read = new ArrayList<>();
        for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
            read.add(event.name() + "=" + new String(event.data().readAllBytes(), StandardCharsets.UTF_8));
        }
        return read;
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
