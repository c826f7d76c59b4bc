package dev.overtime.simulator.error;

import java.util.Map;

/** An answer in OpenAI's error envelope, thrown from wherever the problem is found. */
public class OpenAiException extends RuntimeException {

    private final int status;
    private final String type;
    private final ErrorCode code;
    private final String param;
    private final Map<String, String> headers;
    private final ErrorResponse.ModerationDetails moderationDetails;

    public OpenAiException(int status, String type, ErrorCode code, String param, String message,
            Map<String, String> headers) {
        this(status, type, code, param, message, headers, null);
    }

    public OpenAiException(int status, String type, ErrorCode code, String param, String message,
            Map<String, String> headers, ErrorResponse.ModerationDetails moderationDetails) {
        super(message, null, false, false);
        this.moderationDetails = moderationDetails;
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    public static OpenAiException invalidRequest(ErrorCode code, String param, String message) {
        return new OpenAiException(400, "invalid_request_error", code, param, message, Map.of());
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ErrorResponse body() {
        return new ErrorResponse(new ErrorResponse.Body(getMessage(), type, param, code == null ? null : code.wire(),
                moderationDetails));
    }
}
