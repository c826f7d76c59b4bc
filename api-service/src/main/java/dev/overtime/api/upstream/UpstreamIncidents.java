package dev.overtime.api.upstream;

import io.quarkus.logging.Log;
import org.jboss.logging.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one structured log event per upstream incident. The fields go through the MDC so the
 * JSON console log carries them as fields, not as words in a sentence.
 */
public final class UpstreamIncidents {

    public static final String UPSTREAM_TIMEOUT = "upstream_timeout";
    public static final String UPSTREAM_HTTP_ERROR = "upstream_http_error";
    public static final String UPSTREAM_CONNECT_ERROR = "upstream_connect_error";
    public static final String FALLBACK_USED = "fallback_used";
    public static final String CIRCUIT_OPEN = "circuit_open";

    private UpstreamIncidents() {
    }

    /**
     * {@code status} is the upstream's HTTP status when it answered one, else null; {@code cause}
     * names the incident a fallback stood in for.
     */
    public static void record(String event, UpstreamCall call, Integer status, long durationMs, String cause,
                              String requestId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("upstream", call.upstream());
        fields.put("route", call.route());
        fields.put("method", call.httpMethod());
        if (status != null) {
            fields.put("status", status);
        }
        fields.put("timeoutProfile", call.profile().wireName());
        fields.put("timeoutMs", call.timeoutMs());
        fields.put("durationMs", durationMs);
        if (cause != null) {
            fields.put("cause", cause);
        }
        // Set explicitly: after a fault tolerance timeout the MDC may no longer carry the request's id.
        fields.put("requestId", requestId);
        Map<String, Object> previous = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            previous.put(key, MDC.get(key));
            MDC.put(key, value);
        });
        try {
            Log.warn(event);
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}
