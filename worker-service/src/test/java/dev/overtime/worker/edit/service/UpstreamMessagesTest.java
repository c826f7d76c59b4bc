package dev.overtime.worker.edit.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class UpstreamMessagesTest {

    @Test
    void redactsEchoedApiKeys() {
        String safe = UpstreamMessages.safe("Incorrect API key provided: sk-proj-abc***************xyz9. See docs.");
        assertEquals("Incorrect API key provided: sk-***. See docs.", safe);
    }

    @Test
    void boundsLengthAndNamesMissingMessages() {
        assertEquals(UpstreamMessages.MAX_LENGTH, UpstreamMessages.safe("x".repeat(5000)).length());
        assertFalse(UpstreamMessages.safe(null).isBlank());
    }
}
