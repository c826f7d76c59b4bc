package dev.overtime.api.error;

import dev.overtime.common.db.DatabaseOutage;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.overtime.api.request.CurrentRequestId;
import dev.overtime.api.request.DeadlineExceededException;
import dev.overtime.api.upstream.UpstreamException;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import java.io.IOException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every exception that reaches JAX-RS to the one problem envelope. */
public class ProblemMappers {

    /** What an {@code OVERLOADED} answer asks the client to wait: uploads and decodes in flight finish in seconds. */
    public static final int OVERLOADED_RETRY_AFTER_SECONDS = 2;

    private final CurrentRequestId requestId;

    public ProblemMappers(CurrentRequestId requestId) {
        this.requestId = requestId;
    }

    @ServerExceptionMapper
    public Response mapApiException(ApiException e) {
        Response answer = answer(e.code(), e.getMessage(), e.param());
        // A limit of this process, not of the request: the same request succeeds once the load passes.
        return e.code() == ErrorCode.OVERLOADED
                ? Response.fromResponse(answer).header("Retry-After", OVERLOADED_RETRY_AFTER_SECONDS).build()
                : answer;
    }

    @ServerExceptionMapper
    public Response mapUpstream(UpstreamException e) {
        return send(Problem.degraded(e.code(), e.getMessage(), requestId.get(), e.upstream(), e.timeoutMs()));
    }

    @ServerExceptionMapper
    public Response mapDeadline(DeadlineExceededException e) {
        return send(Problem.degraded(ErrorCode.DEADLINE_EXCEEDED, e.getMessage(), requestId.get(), null, e.deadlineMs()));
    }

    @ServerExceptionMapper
    public Response mapNotFound(NotFoundException e) {
        return answer(ErrorCode.NOT_FOUND, "No such resource.", null);
    }

    @ServerExceptionMapper
    public Response mapNotAllowed(NotAllowedException e) {
        return answer(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed here.", null);
    }

    @ServerExceptionMapper
    public Response mapNotSupported(NotSupportedException e) {
        return answer(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send multipart/form-data (or JSON where documented).", null);
    }

    @ServerExceptionMapper
    public Response mapNotAuthorized(NotAuthorizedException e) {
        return answer(ErrorCode.UNAUTHENTICATED, "Send Authorization: Bearer <api key>.", null);
    }

    @ServerExceptionMapper
    public Response mapJson(JsonProcessingException e) {
        return answer(ErrorCode.INVALID_REQUEST, "The JSON body could not be parsed.", null);
    }

    /** Reading the body failed: a truncated or garbled upload, the client's fault rather than ours. */
    @ServerExceptionMapper
    public Response mapUnreadableBody(IOException e) {
        boolean multipart = e.getMessage() != null && e.getMessage().contains("multipart");
        Log.infof("Unreadable request body: %s", e.getMessage());
        return answer(multipart ? ErrorCode.MALFORMED_MULTIPART : ErrorCode.INVALID_REQUEST,
                "The request body could not be read" + (multipart ? " as multipart/form-data." : "."), null);
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return answer(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.", null);
        }
        if (status >= 500) {
            Log.errorf(e, "Server error %d", status);
            return answer(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side.", null);
        }
        return answer(ErrorCode.INVALID_REQUEST, "The request is not valid.", null);
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Exception e) {
        if (DatabaseOutage.isCause(e)) {
            return databaseUnavailable(e);
        }
        if (isMultipartParamLimit(e)) {
            return answer(ErrorCode.TOO_MANY_PARTS, "The request has far too many multipart parts.", null);
        }
        if (isAnsweredAlready(e)) {
            // The edge answered first (the deadline, a body too slow) while this request was still being worked on.
            Log.debugf("Late answer dropped, the request was answered already: %s", e.getMessage());
            return answer(ErrorCode.INTERNAL_ERROR, "The request was answered already.", null);
        }
        Log.errorf(e, "Unexpected failure");
        return answer(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side.", null);
    }

    // Vert.x says so with a bare IllegalStateException when a second answer is written to one response.
    private static boolean isAnsweredAlready(Exception e) {
        return e instanceof IllegalStateException && e.getMessage() != null
                && (e.getMessage().contains("already been written") || e.getMessage().contains("head already sent"));
    }

    // Quarkus REST's multipart parser reports its hard part limit with a bare RuntimeException;
    // BadInputTest.refusesHugeNumberOfParts guards this match against a wording change.
    private static boolean isMultipartParamLimit(Exception e) {
        return e.getClass() == RuntimeException.class && e.getMessage() != null
                && e.getMessage().startsWith("Param limit of");
    }

    /** The database is away or saturated: say so at once, with a hint when to come back. */
    private Response databaseUnavailable(Exception e) {
        Log.warnf("Database unavailable: %s", e.getMessage());
        return Response.fromResponse(answer(ErrorCode.SERVICE_UNAVAILABLE,
                "The job store is unavailable right now; nothing was stored. Retry shortly.", null))
                .header("Retry-After", 1).build();
    }

    private Response answer(ErrorCode code, String message, String param) {
        return send(Problem.of(code, message, param, requestId.get()));
    }

    private static Response send(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
