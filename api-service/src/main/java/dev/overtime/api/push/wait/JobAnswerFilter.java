package dev.overtime.api.push.wait;

import dev.overtime.api.auth.Caller;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.imageedit.view.JobSnapshot;
import dev.overtime.api.imageedit.view.JobView;
import dev.overtime.common.JobStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.time.Duration;
import java.util.Optional;

/**
 * Honours {@code Prefer: wait=N} (RFC 7240) on every answer that carries one unfinished job (submit, status): holds
 * the answer on the change feed until the job is finished or the wait is over, then answers with the job as it is
 * by then. The answer itself is built in {@code imageedit.rest.JobAnswers}; holding it here, after the resource
 * method has returned, keeps no worker thread parked while the job runs.
 */
public class JobAnswerFilter {

    private final JobWaits waits;
    private final Caller caller;
    private final Duration maxWait;

    public JobAnswerFilter(JobWaits waits, Caller caller, ApiConfig config) {
        this.waits = waits;
        this.caller = caller;
        this.maxWait = config.push().preferWaitMax();
    }

    @ServerResponseFilter
    public Uni<Void> waitForTheJob(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof JobView view) || JobStatus.fromWire(view.status()).isTerminal()) {
            return Uni.createFrom().voidItem();
        }
        Optional<Duration> wait = PreferWait.parse(request.getHeaderString("Prefer"), maxWait);
        if (wait.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return waits.untilFinished(view.id(), caller.owner(), wait.get())
                .invoke(snapshot -> answerAfterWait(response, snapshot, wait.get()))
                .replaceWithVoid();
    }

    private static void answerAfterWait(ContainerResponseContext response, JobSnapshot snapshot, Duration waited) {
        if (snapshot == null) {
            return;
        }
        response.setEntity(snapshot.view());
        response.getHeaders().putSingle("ETag", snapshot.etag());
        if (snapshot.terminal()) {
            response.setStatus(200);
            response.getHeaders().remove("Retry-After");
            response.getHeaders().putSingle("Preference-Applied", "wait=" + waited.toSeconds());
        } else {
            response.getHeaders().putSingle("Retry-After", snapshot.retryAfterSeconds());
        }
    }
}
