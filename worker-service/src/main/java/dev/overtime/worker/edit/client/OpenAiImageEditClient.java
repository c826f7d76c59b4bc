package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls OpenAI's image edit endpoint and turns every outcome, including timeouts and broken connections, into an
 * {@link UpstreamResult}; it never throws for upstream trouble, so callers always have something to record.
 *
 * <p>Bytes flow through, they never pile up: the multipart body streams each input from where it is stored
 * ({@link ImageEditForm}), and the answer — one JSON body or an event stream — is parsed as it arrives with each
 * image decoded straight into the call's {@link ImageSpool} ({@link UpstreamJson}, {@link StreamedEditReader}).
 * The JDK's HTTP client does this with backpressure and no per-connection pool limit to tune: each edit in flight
 * holds one connection for its 40-120 s.
 */
@ApplicationScoped
public class OpenAiImageEditClient {

    static final String REQUEST_ID_HEADER = "x-request-id";
    // An error answer is a small JSON envelope; anything past this is not read (nor kept).
    static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient http;
    // Virtual threads that carry the application's class loader, whichever thread first makes them.
    private final ExecutorService httpExecutor = Executors.newThreadPerTaskExecutor(runnable -> {
        Thread thread = Thread.ofVirtual().name("upstream-http").unstarted(runnable);
        thread.setContextClassLoader(OpenAiImageEditClient.class.getClassLoader());
        return thread;
    });
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("upstream-deadlines").factory());
    private final URI editsUri;
    private final String authorization;
    private final Duration timeout;
    private final UpstreamResults results;
    private final UpstreamJson upstreamJson;
    private final StreamedEditReader streamReader;

    public OpenAiImageEditClient(WorkerConfig config, ObjectMapper json) {
        WorkerConfig.OpenAi openai = config.openai();
        this.authorization = "Bearer " + openai.apiKey().orElse("");
        this.timeout = openai.timeout();
        this.editsUri = URI.create(openai.baseUrl().replaceAll("/+$", "") + "/images/edits");
        this.results = new UpstreamResults(json);
        this.upstreamJson = new UpstreamJson(json);
        this.streamReader = new StreamedEditReader(upstreamJson);
        // HTTP/1.1: one connection per edit in flight, no h2c upgrade dance with a request body, and no limit on
        // concurrent streams per connection to run into at hundreds of edits.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(openai.connectTimeout())
                .executor(httpExecutor)
                .build();
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
        http.shutdownNow();
        httpExecutor.shutdownNow();
    }

    /**
     * Sends one edit and waits for its answer; blocking, so call it from a virtual thread. The whole call, body
     * included, is bounded by the configured timeout. An aborted {@code handle} stops the call (the connection is
     * closed, the upstream stops working for us) and answers ABORTED. A streamed request hands each partial image to
     * {@code partials} as it arrives. Decoded images are left in {@code spool}.
     */
    public UpstreamResult edit(UpstreamEditRequest request, CallHandle handle, ImageSpool spool,
                               PartialImageListener partials) {
        try (ImageEditForm form = ImageEditForm.of(request)) {
            return edit(request, form, handle, spool, partials);
        } catch (IOException | RuntimeException e) {
            // The inputs could not be opened (the store away): nothing was sent, the attempt is retried.
            Log.warnf("could not open the edit's inputs: %s", e.toString());
            return UpstreamResults.unreadableInputs();
        }
    }

    private UpstreamResult edit(UpstreamEditRequest request, ImageEditForm form, CallHandle handle, ImageSpool spool,
                                PartialImageListener partials) {
        HttpRequest call = HttpRequest.newBuilder(editsUri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", form.contentType())
                .header("Accept", request.streamed() ? "text/event-stream" : "application/json")
                .POST(form.body())
                .build();
        Exchange exchange = new Exchange(handle);
        ScheduledFuture<?> deadline = deadlines.schedule(exchange::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return send(call, request.streamed(), exchange, spool, partials);
        } finally {
            deadline.cancel(false);
        }
    }

    private UpstreamResult send(HttpRequest call, boolean streamed, Exchange exchange, ImageSpool spool,
                                PartialImageListener partials) {
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(call, BodyHandlers.ofInputStream());
        exchange.stopWith(() -> pending.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = pending.get();
        } catch (CancellationException e) {
            return exchange.whyStopped(null, null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return UpstreamResults.aborted();
        } catch (ExecutionException e) {
            return exchange.stopped() ? exchange.whyStopped(null, null)
                    : UpstreamResults.unreachable(null, null, e.getCause());
        }
        int status = response.statusCode();
        String requestId = response.headers().firstValue(REQUEST_ID_HEADER).orElse(null);
        try (InputStream body = response.body()) {
            exchange.stopWith(() -> closeQuietly(body));
            if (status != 200) {
                byte[] error = body.readNBytes(MAX_ERROR_BODY);
                return results.httpError(status, requestId, error,
                        RetryHints.from(status, name -> response.headers().firstValue(name).orElse(null)));
            }
            if (streamed) {
                return streamReader.read(body, status, requestId, spool, partials);
            }
            UpstreamJson.Images images = upstreamJson.readImages(body, spool);
            return new Succeeded(status, requestId, images.images(), UpstreamResults.tokens(images.usage()));
        } catch (IOException e) {
            if (exchange.stopped()) {
                return exchange.whyStopped(status, requestId);
            }
            if (e instanceof JsonProcessingException || e instanceof UpstreamJson.MalformedAnswer
                    || e instanceof ImageSpool.ImageTooLargeException) {
                return UpstreamResults.invalid(status, requestId, unreadable(e));
            }
            return UpstreamResults.unreachable(status, requestId, e);
        }
    }

    private static String unreadable(IOException e) {
        if (e instanceof JsonProcessingException) {
            return "the upstream returned an unreadable answer";
        }
        return e.getMessage();
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing is how the call is stopped; a failure to close changes nothing
        }
    }

    /** One call's stop switch, pulled by the caller's handle or by the deadline, whichever comes first. */
    private static final class Exchange {

        private final CallHandle handle;
        private volatile Runnable stop = () -> { };
        private volatile boolean timedOut;

        Exchange(CallHandle handle) {
            this.handle = handle;
        }

        /** What stopping means from now on: cancel the pending exchange, later close the body being read. */
        void stopWith(Runnable action) {
            stop = action;
            handle.onAbort(action);
            if (timedOut) {
                action.run();
            }
        }

        void timeOut() {
            timedOut = true;
            stop.run();
        }

        boolean stopped() {
            return handle.isAborted() || timedOut;
        }

        UpstreamResult whyStopped(Integer status, String requestId) {
            return handle.isAborted() ? UpstreamResults.aborted() : UpstreamResults.timedOut(status, requestId);
        }
    }
}
