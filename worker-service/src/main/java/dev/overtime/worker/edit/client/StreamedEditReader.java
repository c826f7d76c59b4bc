package dev.overtime.worker.edit.client;

import dev.overtime.common.TokenUsage;
import dev.overtime.worker.edit.client.UpstreamJson.StreamEvent;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a streamed edit's server-sent events as they arrive: partial images go to the listener before the stream
 * goes on, completed images are kept in the spool, an error event or a malformed event ends the call. Each event's
 * image is decoded to disk as it streams; the heap holds buffers only.
 */
final class StreamedEditReader {

    private final UpstreamJson json;

    StreamedEditReader(UpstreamJson json) {
        this.json = json;
    }

    /** Reads to the end of the stream; I/O failures (including a stopped call's closed stream) are thrown. */
    UpstreamResult read(InputStream body, int status, String requestId, ImageSpool spool,
                        PartialImageListener partials) throws IOException {
        ServerSentEvents events = new ServerSentEvents(body);
        List<SpooledImage> images = new ArrayList<>();
        TokenUsage usage = TokenUsage.NONE;
        for (ServerSentEvents.Event sse = events.next(); sse != null; sse = events.next()) {
            StreamEvent event = json.readEvent(sse.data(), spool);
            String type = sse.name() != null ? sse.name() : event.type();
            if (UpstreamJson.ERROR.equals(type) || UpstreamJson.ERROR.equals(event.type())) {
                return new Failed(status, requestId, FailureKind.STREAM_ERROR, event.asError());
            }
            if (UpstreamJson.PARTIAL_IMAGE.equals(type)) {
                if (event.image() == null || event.partialImageIndex() == null) {
                    return UpstreamResults.invalid(status, requestId,
                            "the upstream streamed a partial image without its data");
                }
                partials.partialImage(event.partialImageIndex(), event.image());
            } else if (UpstreamJson.COMPLETED.equals(type)) {
                if (event.image() == null) {
                    return UpstreamResults.invalid(status, requestId, "the upstream completed without b64_json");
                }
                images.add(event.image());
                // Each completed event of an n > 1 edit repeats the usage of the whole request.
                usage = UpstreamResults.tokens(event.usage());
            } else {
                if (event.image() != null) {
                    spool.delete(event.image());
                }
                Log.debugf("ignoring streamed event %s", type);
            }
        }
        return images.isEmpty()
                ? UpstreamResults.invalid(status, requestId, "the upstream stream ended without image_edit.completed")
                : new Succeeded(status, requestId, images, usage);
    }
}
