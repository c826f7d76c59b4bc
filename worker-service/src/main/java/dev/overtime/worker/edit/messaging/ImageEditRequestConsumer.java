package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.worker.edit.service.ImageEditRunner;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Consumes accepted edits from {@code image-edit.requests}. Each record runs on its own virtual thread, unordered,
 * up to {@code overtime.worker.max-in-flight} at once, so hundreds of 40-120 s edits wait on OpenAI together
 * without parking a platform thread each. The offset is committed once the method returns.
 */
@ApplicationScoped
public class ImageEditRequestConsumer {

    static final String MDC_JOB_ID = "jobId";
    static final String MDC_REQUEST_ID = "requestId";

    private final ImageEditRunner runner;
    private final ObjectMapper json;

    public ImageEditRequestConsumer(ImageEditRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.json = json;
    }

    @Incoming("image-edit-requests")
    @RunOnVirtualThread
    public void runRequestedEdit(String record) {
        ImageEditRequested requested = read(record);
        if (requested == null) {
            return;
        }
        MDC.put(MDC_JOB_ID, requested.jobId().toString());
        if (requested.requestId() != null) {
            MDC.put(MDC_REQUEST_ID, requested.requestId());
        }
        try {
            runner.run(requested);
        } finally {
            MDC.remove(MDC_JOB_ID);
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    // An unreadable record can never succeed, so it is skipped (and its offset committed) rather than retried;
    // a later issue routes these to a dead-letter topic.
    private ImageEditRequested read(String record) {
        if (record == null || record.isBlank()) {
            Log.warn("skipping an image edit request: the record has no value");
            return null;
        }
        try {
            return json.readValue(record, ImageEditRequested.class);
        } catch (Exception e) {
            Log.warnf("skipping an unreadable image edit request: %s", e.getMessage());
            return null;
        }
    }
}
