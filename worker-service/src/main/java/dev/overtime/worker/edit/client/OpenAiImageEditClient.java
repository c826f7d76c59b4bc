package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import dev.overtime.worker.edit.config.WorkerConfig;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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
    private final String authorization;
    private final ObjectMapper json;

    public OpenAiImageEditClient(WorkerConfig config, ObjectMapper json) {
        this.json = json;
        this.authorization = "Bearer " + config.openai().apiKey().orElse("");
        WorkerConfig.OpenAi openai = config.openai();
        // Built here rather than injected so that the timeout and pool size come from our own config mapping.
        // Every in-flight edit holds one connection for its whole 40-120 s, so the pool is as large as the
        // number of edits in flight (the default of 50 would queue the rest), and the read timeout is the
        // edit timeout rather than a generic 30 s.
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(openai.baseUrl()))
                .connectTimeout(openai.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(openai.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.maxInFlight())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, true)
                // Netty's default encoder nests same-named files in multipart/mixed; OpenAI reads repeated image[]
                // only as flat parts, which is what HTML5 mode sends.
                .multipartPostEncoderMode("HTML5")
                .disableDefaultMapper(true)
                .build(OpenAiImagesApi.class);
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
            ImagesResponse.Usage usage = parsed.usage();
            TokenUsage tokens = usage == null ? TokenUsage.NONE
                    : new TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
            return new Succeeded(status, requestId, images, tokens);
        } catch (IOException | IllegalArgumentException e) {
            return invalid(status, requestId, "the upstream returned an unreadable ImagesResponse");
        }
    }

    private UpstreamResult httpError(int status, String requestId, byte[] body, java.time.Duration retryAfter) {
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
