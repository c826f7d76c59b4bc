package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.SseEvent;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Calls OpenAI's image edit endpoint and turns every outcome, including timeouts and broken connections, into an
 * {@link UpstreamResult}; it never throws for upstream trouble, so callers always have something to record.
 */
@ApplicationScoped
public class OpenAiImageEditClient {

    static final String REQUEST_ID_HEADER = "x-request-id";

    private final OpenAiImagesApi api;
    private final OpenAiImagesApi streamingApi;
    private final String authorization;
    private final ObjectMapper json;
    private final Duration timeout;

    public OpenAiImageEditClient(WorkerConfig config, ObjectMapper json) {
        this.json = json;
        this.authorization = "Bearer " + config.openai().apiKey().orElse("");
        WorkerConfig.OpenAi openai = config.openai();
        this.timeout = openai.timeout();
        // Built here rather than injected so that the timeout and pool size come from our own config mapping.
        // Every in-flight edit holds one connection for its whole 40-120 s, so the pool is as large as the
        // number of edits in flight (the default of 50 would queue the rest), and the read timeout is the
        // edit timeout rather than a generic 30 s.
        this.api = builder(config).build(OpenAiImagesApi.class);
        // A stream's events come as a Multi, which cannot carry a status: this mapper keeps an error answer whole.
        this.streamingApi = builder(config).register(new StreamErrorMapper()).build(OpenAiImagesApi.class);
    }

    private static QuarkusRestClientBuilder builder(WorkerConfig config) {
        WorkerConfig.OpenAi openai = config.openai();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(openai.baseUrl()))
                .connectTimeout(openai.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(openai.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.maxInFlight())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, true)
                // Netty's default encoder nests same-named files in multipart/mixed; OpenAI reads repeated image[]
                // only as flat parts, which is what HTML5 mode sends.
                .multipartPostEncoderMode("HTML5")
                .disableDefaultMapper(true);
    }

    /** Sends one edit and waits for its answer; blocking, so call it from a virtual or worker thread. */
    public UpstreamResult edit(UpstreamEditRequest request) {
        return edit(request, new CallHandle());
    }

    /**
     * As {@link #edit(UpstreamEditRequest)}, abortable through {@code handle}: an aborted call is cancelled (the
     * connection is reset, the upstream stops working for us) and answers {@link FailureKind#ABORTED}.
     */
    public UpstreamResult edit(UpstreamEditRequest request, CallHandle handle) {
        return edit(request, handle, PartialImageListener.IGNORE);
    }

    /**
     * As {@link #edit(UpstreamEditRequest, CallHandle)}; when the request asks for partial images the answer is
     * streamed and read as it arrives, each partial image handed to {@code partials} before the call goes on. The
     * whole stream is bounded by the configured timeout, not only each silence in it.
     */
    public UpstreamResult edit(UpstreamEditRequest request, CallHandle handle, PartialImageListener partials) {
        if (request.streamed()) {
            return editStreamed(request, handle, partials);
        }
        CompletableFuture<Response> call = api.edit(authorization, ImageEditForm.of(request))
                .subscribeAsCompletionStage();
        handle.attach(call);
        Response response;
        try {
            response = call.get();
        } catch (CancellationException e) {
            return aborted();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return aborted();
        } catch (ExecutionException e) {
            return e.getCause() instanceof ProcessingException p ? unreachable(p)
                    : unreachable(new ProcessingException(e.getCause()));
        }
        try (response) {
            int status = response.getStatus();
            String requestId = response.getHeaderString(REQUEST_ID_HEADER);
            byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
            return status == 200 ? success(status, requestId, body)
                    : httpError(status, requestId, body, RetryHints.from(status, response::getHeaderString));
        } catch (ProcessingException e) {
            return unreachable(e);
        }
    }

    private UpstreamResult editStreamed(UpstreamEditRequest request, CallHandle handle, PartialImageListener partials) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<byte[]> images = new ArrayList<>();
        TokenUsage usage = TokenUsage.NONE;
        try (EventQueue<SseEvent<String>> events = new EventQueue<>(
                streamingApi.editStreamed(authorization, ImageEditForm.of(request)), handle)) {
            while (true) {
                EventQueue.Signal<SseEvent<String>> signal = events.next(deadline - System.nanoTime());
                switch (signal) {
                    case null -> {
                        Log.warnf("streamed upstream call did not finish within %s", timeout);
                        return new Failed(200, null, FailureKind.TIMEOUT,
                                new OpenAiError("the upstream did not finish streaming in time", null, null, null));
                    }
                    case EventQueue.Aborted<SseEvent<String>> aborted -> {
                        return aborted();
                    }
                    case EventQueue.Failed<SseEvent<String>> failed -> {
                        return failed.failure() instanceof UpstreamHttpError error
                                ? httpError(error.status, error.requestId, error.body, error.retryAfter)
                                : unreachable(failed.failure() instanceof ProcessingException p ? p
                                        : new ProcessingException(failed.failure()));
                    }
                    case EventQueue.Ended<SseEvent<String>> ended -> {
                        return images.isEmpty()
                                ? invalid(200, null, "the upstream stream ended without image_edit.completed")
                                : new Succeeded(200, null, images, usage);
                    }
                    case EventQueue.Item<SseEvent<String>> item -> {
                        ImageEditStreamEvent event = parse(item.value());
                        if (event == null) {
                            return invalid(200, null, "the upstream streamed an unreadable event");
                        }
                        String type = item.value().name() != null ? item.value().name() : event.type();
                        if (ImageEditStreamEvent.ERROR.equals(type) || ImageEditStreamEvent.ERROR.equals(event.type())) {
                            return new Failed(200, null, FailureKind.STREAM_ERROR, event.asError());
                        }
                        byte[] image = decode(event.b64Json());
                        if (ImageEditStreamEvent.PARTIAL_IMAGE.equals(type)) {
                            if (image == null || event.partialImageIndex() == null) {
                                return invalid(200, null, "the upstream streamed a partial image without its data");
                            }
                            partials.partialImage(event.partialImageIndex(), image);
                        } else if (ImageEditStreamEvent.COMPLETED.equals(type)) {
                            if (image == null) {
                                return invalid(200, null, "the upstream completed without b64_json");
                            }
                            images.add(image);
                            // Each completed event of an n > 1 edit repeats the usage of the whole request.
                            usage = tokens(event.usage());
                        } else {
                            Log.debugf("ignoring streamed event %s", type);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return aborted();
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

    private static TokenUsage tokens(ImagesResponse.Usage usage) {
        return usage == null ? TokenUsage.NONE
                : new TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
    }

    private static UpstreamResult aborted() {
        return new Failed(null, null, FailureKind.ABORTED,
                new OpenAiError("the call was abandoned by the worker", null, null, null));
    }

    private UpstreamResult success(int status, String requestId, byte[] body) {
        try {
            ImagesResponse parsed = json.readValue(body, ImagesResponse.class);
            if (parsed.data() == null || parsed.data().isEmpty()) {
                return invalid(status, requestId, "the upstream returned no images");
            }
            List<byte[]> images = new ArrayList<>(parsed.data().size());
            for (ImagesResponse.Image image : parsed.data()) {
                if (image == null || image.b64Json() == null) {
                    return invalid(status, requestId, "the upstream returned an image without b64_json");
                }
                images.add(Base64.getDecoder().decode(image.b64Json()));
            }
            return new Succeeded(status, requestId, images, tokens(parsed.usage()));
        } catch (IOException | IllegalArgumentException e) {
            return invalid(status, requestId, "the upstream returned an unreadable ImagesResponse");
        }
    }

    private UpstreamResult httpError(int status, String requestId, byte[] body, Duration retryAfter) {
        OpenAiError error = null;
        try {
            OpenAiError.Envelope envelope = json.readValue(body, OpenAiError.Envelope.class);
            error = envelope == null ? null : envelope.error();
        } catch (IOException | RuntimeException e) {
            Log.debugf("upstream error body is not OpenAI's envelope: %s", e.getMessage());
        }
        if (error == null) {
            error = new OpenAiError("the upstream answered HTTP " + status, null, null, null);
        }
        return new Failed(status, requestId, FailureKind.HTTP_ERROR, error, retryAfter);
    }

    private static UpstreamResult invalid(int status, String requestId, String message) {
        return new Failed(status, requestId, FailureKind.INVALID_RESPONSE,
                new OpenAiError(message, null, null, null));
    }

    private static UpstreamResult unreachable(ProcessingException e) {
        FailureKind kind = isTimeout(e) ? FailureKind.TIMEOUT : FailureKind.CONNECTION;
        String message = kind == FailureKind.TIMEOUT
                ? "the upstream did not answer in time"
                : "the upstream could not be reached";
        Log.warnf("upstream call failed (%s): %s", kind, e.getMessage());
        return new Failed(null, null, kind, new OpenAiError(message, null, null, null));
    }

    // The client reports a read timeout as a ProcessingException wrapping a Vert.x or Netty timeout type;
    // match on the cause chain rather than on one implementation class. A connect timeout is a connection error.
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t.getClass().getSimpleName().startsWith("Connect")) {
                return false;
            }
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
