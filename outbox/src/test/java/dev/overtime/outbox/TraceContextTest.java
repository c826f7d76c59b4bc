package dev.overtime.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A stored traceparent stands for the trace it came from, and back; nothing is made up outside a trace. */
class TraceContextTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aStoredTraceparentRoundTripsThroughItsContext() {
        Context context = TraceContext.of(TRACEPARENT);

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", Span.fromContext(context).getSpanContext().getTraceId());
        assertEquals("00f067aa0ba902b7", Span.fromContext(context).getSpanContext().getSpanId());
        assertEquals(Optional.of(TRACEPARENT), TraceContext.traceparentOf(context));
    }

    @Test
    void noTraceMeansNoTraceparent() {
        assertEquals(Optional.empty(), TraceContext.traceparentOf(Context.root()));
        assertEquals(Optional.empty(), TraceContext.currentTraceparent());
        assertFalse(Span.fromContext(TraceContext.of(null)).getSpanContext().isValid());
        assertFalse(Span.fromContext(TraceContext.of("garbage")).getSpanContext().isValid());
    }
}
