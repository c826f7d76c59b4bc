package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Calls OpenAI's image edit endpoint and turns every outcome, including timeouts and broken connections, into an
 * {@link UpstreamResult}; it never throws for upstream trouble, so callers always have something to record. The
 * streamed answer is read by {@link StreamedEditReader}, bodies and failures are mapped by {@link UpstreamResults}.
 */
@ApplicationScoped
public class OpenAiImageEditClient {

    static final String REQUEST_ID_HEADER = "x-request-id";

    private final OpenAiImagesApi api;
    private final OpenAiImagesApi streamingApi;
    private final String authorization;
    private final UpstreamResults results;
    private final StreamedEditReader streamReader;

    public OpenAiImageEditClient(WorkerConfig config, ObjectMapper json) {
        this.authorization = "Bearer " + config.openai().apiKey().orElse("");
        this.results = new UpstreamResults(json);
        this.streamReader = new StreamedEditReader(json, results, config.openai().timeout());
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

    /**
     * Sends one edit and waits for its answer; blocking, so call it from a virtual or worker thread. An aborted
     * {@code handle} cancels the call (the connection is reset, the upstream stops working for us) and answers
     * {@link FailureKind#ABORTED}. When the request asks for partial images the answer is streamed and each partial
     * image handed to {@code partials} as it arrives.
     */
    public UpstreamResult edit(UpstreamEditRequest request, CallHandle handle, PartialImageListener partials) {
        if (request.streamed()) {
            return streamReader.read(streamingApi.editStreamed(authorization, ImageEditForm.of(request)), handle,
                    partials);
        }
        CompletableFuture<Response> call = api.edit(authorization, ImageEditForm.of(request))
                .subscribeAsCompletionStage();
        handle.attach(call);
        Response response;
        try {
            response = call.get();
        } catch (CancellationException e) {
            return UpstreamResults.aborted();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return UpstreamResults.aborted();
        } catch (ExecutionException e) {
            return UpstreamResults.unreachable(e.getCause());
        }
        try (response) {
            int status = response.getStatus();
            String requestId = response.getHeaderString(REQUEST_ID_HEADER);
            byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
            return status == 200 ? results.success(status, requestId, body)
                    : results.httpError(status, requestId, body, RetryHints.from(status, response::getHeaderString));
        } catch (ProcessingException e) {
            return UpstreamResults.unreachable(e);
        }
    }
}
