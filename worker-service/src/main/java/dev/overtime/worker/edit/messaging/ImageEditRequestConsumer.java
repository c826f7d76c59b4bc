package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.outbox.TraceContext;
import dev.overtime.worker.edit.lease.GracefulShutdown;
import dev.overtime.worker.edit.schedule.FairPull;
import dev.overtime.worker.edit.service.JobLifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;

/**
 * Consumes accepted edits from {@code image-edit.requests}. Each record runs on its own virtual thread, unordered,
 * up to {@code overtime.worker.max-in-flight} at once and within the memory budget, so hundreds of 40-120 s edits wait
 * on OpenAI together without parking a platform thread each. A record is a signal that there is work: the edit it
 * runs is the next one in fair order ({@link FairPull}), not necessarily the one it names. The offset is committed once the method returns, which is after the
 * attempt's outcome is durable. A record that can never be run is thrown out to the dead-letter topic.
 */
@ApplicationScoped
public class ImageEditRequestConsumer {

    static final String MDC_JOB_ID = "jobId";
    static final String MDC_REQUEST_ID = "requestId";

    private final FairPull pull;
    private final JobLifecycle lifecycle;
    private final GracefulShutdown shutdown;
    private final ObjectMapper json;
    private final Tracer tracer;

    public ImageEditRequestConsumer(FairPull pull, JobLifecycle lifecycle, GracefulShutdown shutdown,
                                    ObjectMapper json, Tracer tracer) {
        this.pull = pull;
        this.lifecycle = lifecycle;
        this.shutdown = shutdown;
        this.json = json;
        this.tracer = tracer;
    }

    @Incoming("image-edit-requests")
    @RunOnVirtualThread
    public void runRequestedEdit(ConsumerRecord<String, String> record) {
        // The edit continues the trace of whoever announced it (the submit, a retry's sweep), as a consumer span.
        Span span = tracer.spanBuilder(record.topic() + " process").setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.of(header(record, TraceContext.TRACEPARENT)))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.message.key", String.valueOf(record.key()))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            run(record.value());
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            throw e;
        } finally {
            span.end();
        }
    }

    private void run(String record) {
        ImageEditRequested requested = read(record);
        MDC.put(MDC_JOB_ID, requested.jobId().toString());
        if (requested.requestId() != null) {
            MDC.put(MDC_REQUEST_ID, requested.requestId());
        }
        try {
            if (shutdown.isDraining()) {
                lifecycle.announceAgain(requested.jobId());
                return;
            }
            // The record is a signal that there is work; which edit starts is the fair queue's choice.
            pull.signalled();
        } catch (RuntimeException e) {
            // Typically the database is away before the claim. The job is still queued, durably; the sweeper
            // announces it again once its record is stale, so acknowledging this one loses nothing.
            Log.warnf("could not run the requested edit; it stays queued and will be announced again: %s", e.toString());
        } finally {
            MDC.remove(MDC_JOB_ID);
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    private ImageEditRequested read(String record) {
        if (record == null || record.isBlank()) {
            throw new PoisonMessageException("the record has no value");
        }
        ImageEditRequested requested;
        try {
            requested = json.readValue(record, ImageEditRequested.class);
        } catch (Exception e) {
            throw new PoisonMessageException("unparseable ImageEditRequested: " + firstLine(e.getMessage()));
        }
        if (requested.schemaVersion() != ImageEditRequested.SCHEMA_VERSION) {
            throw new PoisonMessageException("unknown schemaVersion " + requested.schemaVersion()
                    + " (this worker reads " + ImageEditRequested.SCHEMA_VERSION + ")");
        }
        return requested;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
