package dev.overtime.api.push.wait;

import dev.overtime.api.auth.Caller;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.Problem;
import dev.overtime.api.imageedit.view.JobSnapshot;
import dev.overtime.api.imageedit.view.JobJson;
import dev.overtime.api.imageedit.view.JobView;
import dev.overtime.api.request.CurrentDeadline;
import dev.overtime.api.request.CurrentRequestId;
import dev.overtime.api.request.RequestDeadline;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Honours {@code Prefer: wait=N} (RFC 7240) on every answer that carries one unfinished job (submit, status): holds
 * the answer on the change feed until the job is finished or the wait is over, then answers with the job as it is
 * by then. The answer itself is built in {@code imageedit.rest.JobAnswers}; holding it here, after the resource
 * method has returned, keeps no worker thread parked while the job runs.
 * The wait never outlasts the request deadline: it ends {@code overtime.api.request-deadline-margin} before it, and
 * the answer then is the job as it is (200 or 202, never 504). A key revoked meanwhile ends a status wait with 401,
 * and a submit's with its 202 as it stood (the job was committed: the client must learn its id).
 */
public class JobAnswerFilter {

    private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

    private final JobWaits waits;
    private final Caller caller;
    private final CurrentDeadline deadline;
    private final CurrentRequestId requestId;
    private final RoutingContext routingContext;
    private final Duration maxWait;

    public JobAnswerFilter(JobWaits waits, Caller caller, CurrentDeadline deadline, CurrentRequestId requestId,
                           RoutingContext routingContext, ApiConfig config) {
        this.waits = waits;
        this.caller = caller;
        this.deadline = deadline;
        this.requestId = requestId;
        this.routingContext = routingContext;
        this.maxWait = config.push().preferWaitMax();
    }

    @ServerResponseFilter
    public Uni<Void> waitForTheJob(ContainerRequestContext request, ContainerResponseContext response) {
        // A submit answers a JobView, a status read the JSON it rendered once (imageedit.view.JobJson).
        UUID jobId;
        switch (response.getEntity()) {
            case JobView view when !JobStatus.fromWire(view.status()).isTerminal() -> jobId = view.id();
            case JobJson json when !json.status().isTerminal() -> jobId = json.id();
            case null, default -> {
                return Uni.createFrom().voidItem();
            }
        }
        Optional<Duration> asked = PreferWait.parse(request.getHeaderString("Prefer"), maxWait);
        if (asked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        RequestDeadline current = deadline.get();
        Duration wait = asked.get().compareTo(Duration.ofMillis(current.timeForAnswerMs())) > 0
                ? Duration.ofMillis(current.timeForAnswerMs()) : asked.get();
        // The answer exists from here: the deadline may no longer replace it with a 504.
        if (wait.isZero() || !current.claimAnswer()) {
            return Uni.createFrom().voidItem();
        }
        WaitAdmission.HeldWait held = WaitAdmission.heldWait(routingContext);
        CompletableFuture<Void> revoked = held != null ? held.revoked() : new CompletableFuture<>();
        return waits.untilFinished(jobId, caller.owner(), wait, revoked)
                .invoke(snapshot -> answerAfterWait(response, snapshot, asked.get()))
                .onFailure(KeyRevokedException.class).recoverWithItem(e -> {
                    if (HttpMethod.GET.equals(request.getMethod())) {
                        answerRevoked(response);
                    }
                    return null;
                })
                .replaceWithVoid();
    }

    // Preference-Applied names the preference as honoured (the asked wait, capped by prefer-wait-max), not how much of
    // it the deadline left: the same request gets the same header.
    private static void answerAfterWait(ContainerResponseContext response, JobSnapshot snapshot, Duration honoured) {
        if (snapshot == null) {
            return;
        }
        response.setEntity(snapshot.view());
        response.getHeaders().putSingle("ETag", snapshot.etag());
        if (snapshot.terminal()) {
            response.setStatus(200);
            response.getHeaders().remove("Retry-After");
            response.getHeaders().putSingle("Preference-Applied", "wait=" + honoured.toSeconds());
        } else {
            response.getHeaders().putSingle("Retry-After", snapshot.retryAfterSeconds());
        }
    }

    private void answerRevoked(ContainerResponseContext response) {
        Problem problem = Problem.of(ErrorCode.UNAUTHENTICATED, "The API key was revoked.", null, requestId.get());
        response.setStatus(problem.status());
        for (String header : new String[]{"ETag", "Location", "Retry-After", "Cache-Control"}) {
            response.getHeaders().remove(header);
        }
        response.setEntity(problem, new Annotation[0], PROBLEM);
    }
}
