package dev.overtime.worker.edit.client;

import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiImageEditClientTest {

    @Test
    void readTimeoutAnywhereInTheCauseChainIsATimeout() {
        assertTrue(OpenAiImageEditClient.isTimeout(new ProcessingException(new TimeoutException("idle"))));
    }

    @Test
    void refusedConnectionIsNotATimeout() {
        assertFalse(OpenAiImageEditClient.isTimeout(new ProcessingException(new ConnectException("refused"))));
    }
}
