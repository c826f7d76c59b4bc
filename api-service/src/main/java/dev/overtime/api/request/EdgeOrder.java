package dev.overtime.api.request;

/**
 * The order of the Vert.x routes every request passes before Quarkus REST, in one place: each says what it needs
 * from the ones before it. Nothing here reads the body; refusing a request at the edge costs only its head.
 */
public final class EdgeOrder {

    /**
     * Request id, problem envelope for Vert.x failures, the body-size check ({@link HttpEdgeRoutes}); unread bodies
     * ({@link UnreadBodies}).
     */
    public static final int REQUEST_ID = Integer.MIN_VALUE;
    /** The connection delivered a whole head: its header timer stops ({@link HeaderTimeout}). */
    public static final int HEAD_ARRIVED = Integer.MIN_VALUE + 1;
    /** The request deadline starts ({@link RequestDeadlines}). */
    public static final int DEADLINE = Integer.MIN_VALUE + 2;
    /** A body must keep arriving ({@link MinimumBodyRate}). */
    public static final int BODY_RATE = Integer.MIN_VALUE + 3;
    /** The API key, and its request rate (auth.KeyAuthentication); needs the request id for its answers. */
    public static final int AUTHENTICATION = Integer.MIN_VALUE + 4;
    /** Upload bytes in flight ({@link UploadAdmission}), for authenticated callers only. */
    public static final int UPLOAD_ADMISSION = Integer.MIN_VALUE + 5;
    /** Other bodies' length and bytes in flight ({@link JsonBodyAdmission}), for authenticated callers only. */
    public static final int JSON_BODY_ADMISSION = Integer.MIN_VALUE + 6;
    /** A {@code Prefer: wait} slot for the key (push.wait.WaitAdmission). */
    public static final int WAIT_ADMISSION = Integer.MIN_VALUE + 7;
    /** The SSE and WebSocket endpoints, ahead of Quarkus REST (which would answer their paths 404). */
    public static final int STREAM_ENDPOINTS = Integer.MIN_VALUE + 100;

    private EdgeOrder() {
    }
}
