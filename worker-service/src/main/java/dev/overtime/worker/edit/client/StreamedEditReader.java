package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import org.jboss.resteasy.reactive.client.SseEvent;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a streamed edit's server-sent events as they arrive: partial images go to the listener before the stream
 * goes on, completed images are collected, an error event or a malformed event ends the call. The whole stream is
 * bounded by {@code timeout}, not only each silence in it.
 */
final class StreamedEditReader {

    private final ObjectMapper json;
    private final UpstreamResults results;
    private final Duration timeout;

    StreamedEditReader(ObjectMapper json, UpstreamResults results, Duration timeout) {
        this.json = json;
        this.results = results;
        this.timeout = timeout;
    }

    UpstreamResult read(Multi<SseEvent<String>> stream, CallHandle handle, PartialImageListener partials) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<byte[]> images = new ArrayList<>();
        TokenUsage usage = TokenUsage.NONE;
        try (EventQueue<SseEvent<String>> events = new EventQueue<>(stream, handle)) {
            while (true) {
                EventQueue.Signal<SseEvent<String>> signal = events.next(deadline - System.nanoTime());
                switch (signal) {
                    case null -> {
                        Log.warnf("streamed upstream call did not finish within %s", timeout);
                        return new Failed(200, null, FailureKind.TIMEOUT,
                                new OpenAiError("the upstream did not finish streaming in time", null, null, null));
                    }
                    case EventQueue.Aborted<SseEvent<String>> aborted -> {
                        return UpstreamResults.aborted();
                    }
                    case EventQueue.Failed<SseEvent<String>> failed -> {
                        return failed.failure() instanceof UpstreamHttpError error
                                ? results.httpError(error.status, error.requestId, error.body, error.retryAfter)
                                : UpstreamResults.unreachable(failed.failure());
                    }
                    case EventQueue.Ended<SseEvent<String>> ended -> {
                        return images.isEmpty()
                                ? UpstreamResults.invalid(200, null, "the upstream stream ended without image_edit.completed")
                                : new Succeeded(200, null, images, usage);
                    }
                    case EventQueue.Item<SseEvent<String>> item -> {
                        ImageEditStreamEvent event = parse(item.value());
                        if (event == null) {
                            return UpstreamResults.invalid(200, null, "the upstream streamed an unreadable event");
                        }
                        String type = item.value().name() != null ? item.value().name() : event.type();
                        if (ImageEditStreamEvent.ERROR.equals(type) || ImageEditStreamEvent.ERROR.equals(event.type())) {
                            return new Failed(200, null, FailureKind.STREAM_ERROR, event.asError());
                        }
                        byte[] image = decode(event.b64Json());
                        if (ImageEditStreamEvent.PARTIAL_IMAGE.equals(type)) {
                            if (image == null || event.partialImageIndex() == null) {
                                return UpstreamResults.invalid(200, null,
                                        "the upstream streamed a partial image without its data");
                            }
                            partials.partialImage(event.partialImageIndex(), image);
                        } else if (ImageEditStreamEvent.COMPLETED.equals(type)) {
                            if (image == null) {
                                return UpstreamResults.invalid(200, null, "the upstream completed without b64_json");
                            }
                            images.add(image);
                            // Each completed event of an n > 1 edit repeats the usage of the whole request.
                            usage = UpstreamResults.tokens(event.usage());
                        } else {
                            Log.debugf("ignoring streamed event %s", type);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UpstreamResults.aborted();
        }
    }

    private ImageEditStreamEvent parse(SseEvent<String> event) {
        try {
            return event.data() == null ? null : json.readValue(event.data(), ImageEditStreamEvent.class);
        } catch (IOException e) {
            Log.warnf("unreadable streamed event %s: %s", event.name(), e.getMessage());
            return null;
        }
    }

    private static byte[] decode(String b64) {
        try {
            return b64 == null ? null : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
