package dev.overtime.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * W3C trace context as text: the {@code traceparent} of the current span, to store beside work that continues later
 * (an outbox row, a CloudEvent, a webhook delivery), and the context such a stored value stands for.
 */
public final class TraceContext {

    /** The W3C header, Kafka header, outbox header and CloudEvents extension attribute name. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** The current span's {@code traceparent}; empty outside any trace. */
    public static Optional<String> currentTraceparent() {
        return traceparentOf(Context.current());
    }

    /** {@code context}'s {@code traceparent}; empty when it holds no valid span. */
    public static Optional<String> traceparentOf(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
    }

    /** The context a stored {@code traceparent} stands for (the root context when it is null or malformed). */
    public static Context of(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }
}
