package dev.overtime.api.upstream;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

/** An upstream failed and nothing could stand in for it: answered with the degraded envelope. */
public class UpstreamException extends ApiException {

    private final String upstream;
    private final long timeoutMs;

    public UpstreamException(ErrorCode code, String message, String upstream, long timeoutMs) {
        super(code, message);
        this.upstream = upstream;
        this.timeoutMs = timeoutMs;
    }

    public String upstream() {
        return upstream;
    }

    public long timeoutMs() {
        return timeoutMs;
    }
}
