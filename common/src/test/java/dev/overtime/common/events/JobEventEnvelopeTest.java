package dev.overtime.common.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobEventEnvelopeTest {

    private static final UUID JOB = UUID.fromString("0b7c1f8e-6a8d-4c3e-9d7e-2f5a1b3c4d5e");

    @Test
    void writesTheCloudEventAttributesInTheirWireOrderWithTheDataTree() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("schemaVersion", 1).put("partialImageIndex", 2);
        JobEventEnvelope envelope = new JobEventEnvelope("1.0", "e-1", "/overtime/worker-service",
                ImageEditPartialImage.TYPE, JOB.toString(), "2026-01-02T03:04:05.678Z", "application/json", data, null);
        assertEquals("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/overtime/worker-service\","
                + "\"type\":\"dev.overtime.image_edit.partial_image\",\"subject\":\"" + JOB + "\","
                + "\"time\":\"2026-01-02T03:04:05.678Z\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"schemaVersion\":1,\"partialImageIndex\":2}}", envelope.toJson());
    }

    @Test
    void carriesTheTraceparentExtensionAttributeWhenGivenOne() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        JobEventEnvelope event = JobEventEnvelope.of("/overtime/worker-service", ImageEditStarted.TYPE, JOB,
                JsonNodeFactory.instance.objectNode()).withTraceparent(traceparent);

        String json = event.toJson();

        assertTrue(json.contains("\"datacontenttype\":\"application/json\",\"traceparent\":\"" + traceparent + "\""), json);
        assertEquals(traceparent, JobEventEnvelope.parse(json).traceparent());
    }

    @Test
    void aNewEventHasAFreshIdTheJobAsSubjectAndTheTimeInMilliseconds() {
        JobEventEnvelope event = JobEventEnvelope.of("/overtime/api-service", ImageEditCanceled.TYPE, JOB,
                JsonNodeFactory.instance.objectNode());
        assertEquals("1.0", event.specversion());
        assertEquals(JOB.toString(), event.subject());
        assertEquals("application/json", event.datacontenttype());
        assertEquals(36, event.id().length());
        Instant time = Instant.parse(event.time());
        assertEquals(0, time.getNano() % 1_000_000);
        assertTrue(event.time().endsWith("Z"));
    }

    @Test
    void parsesWhatItWritesAndToleratesExtensionAttributes() {
        JobEventEnvelope written = JobEventEnvelope.of("/overtime/worker-service", ImageEditStarted.TYPE, JOB,
                JsonNodeFactory.instance.objectNode().put("attempt", 1));
        assertEquals(written, JobEventEnvelope.parse(written.toJson()));
        JobEventEnvelope extended = JobEventEnvelope.parse("{\"type\":\"t\",\"subject\":\"" + JOB + "\",\"traceparent\":\"00-x\"}");
        assertEquals("t", extended.type());
        assertEquals(Optional.of(JOB), extended.jobId());
        assertTrue(extended.data().isMissingNode());
    }

    @Test
    void theJobIsTheSubjectOrElseTheJobIdInsideData() {
        assertEquals(Optional.of(JOB), JobEventEnvelope.parse("{\"data\":{\"job\":{\"jobId\":\"" + JOB + "\"}}}").jobId());
        assertEquals(Optional.empty(), JobEventEnvelope.parse("{\"subject\":\"not-a-job\",\"data\":{\"job\":{\"jobId\":\""
                + JOB + "\"}}}").jobId());
        assertEquals(Optional.empty(), JobEventEnvelope.parse("{\"type\":\"t\"}").jobId());
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThrows(IllegalArgumentException.class, () -> JobEventEnvelope.parse("{not json"));
    }
}
