package dev.overtime.api.error;

import dev.overtime.common.ErrorCode;

/** A failure we answer deliberately: its code decides the status, its message is safe to show. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String param;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String param) {
        super(message, null, false, false);
        this.code = code;
        this.param = param;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, when one is. */
    public String param() {
        return param;
    }
}
