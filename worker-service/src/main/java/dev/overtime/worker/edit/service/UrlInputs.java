package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.worker.config.InputsConfig;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.inputs.FetchedInput;
import dev.overtime.worker.inputs.FetchedInputs;
import dev.overtime.worker.inputs.InputFetchException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An edit's first step when some inputs are URLs: fetch each (through {@link FetchedInputs}: cached, deduplicated,
 * vetted by the SSRF policy), record what they turned out to be on the job's input rows, and hand back the job with
 * the request to send. A fetch that fails is an outcome like an upstream failure: {@code INPUT_FETCH_FAILED} (or
 * {@code INVALID_IMAGE} for bytes that are no image), retried only when waiting could help.
 */
@ApplicationScoped
class UrlInputs {

    /** What became of the fetch step. */
    sealed interface Resolution permits Ready, Failed, NotOurs {
    }

    record Ready(ClaimedJob job) implements Resolution {
    }

    record Failed(ErrorCode code, String message, boolean retryable) implements Resolution {
    }

    /** Canceled or taken over while fetching: nothing more to do here. */
    record NotOurs() implements Resolution {
    }

    private final FetchedInputs inputs;
    private final FetchedInputRows rows;
    private final InputsConfig config;

    UrlInputs(FetchedInputs inputs, FetchedInputRows rows, InputsConfig config) {
        this.inputs = inputs;
        this.rows = rows;
        this.config = config;
    }

    Resolution resolve(ClaimedJob job) {
        Map<ClaimedJob.UrlInput, FetchedInput> fetched = new LinkedHashMap<>();
        for (ClaimedJob.UrlInput input : job.toFetch()) {
            boolean mask = ImageEditInput.ROLE_MASK.equals(input.role());
            try {
                fetched.put(input, inputs.get(input.url(), mask ? config.maxMaskBytes() : config.maxImageBytes()));
            } catch (InputFetchException e) {
                ErrorCode code = e.kind() == InputFetchException.Kind.NOT_AN_IMAGE
                        ? ErrorCode.INVALID_IMAGE : ErrorCode.INPUT_FETCH_FAILED;
                return new Failed(code, name(input) + ": " + e.getMessage(), e.retryable());
            }
        }
        Optional<FetchedInputRows.Recorded> recorded = rows.record(job, fetched);
        if (recorded.isEmpty()) {
            return new NotOurs();
        }
        return switch (recorded.get()) {
            case FetchedInputRows.Recorded.Request request -> new Ready(job.withRequest(request.request()));
            case FetchedInputRows.Recorded.BadMask bad -> new Failed(bad.code(), "mask_url: " + bad.message(), false);
        };
    }

    private static String name(ClaimedJob.UrlInput input) {
        return ImageEditInput.ROLE_MASK.equals(input.role()) ? "mask_url" : "image_url[" + input.position() + "]";
    }
}
