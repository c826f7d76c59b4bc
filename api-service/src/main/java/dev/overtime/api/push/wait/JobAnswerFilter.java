package dev.overtime.api.push.wait;

import dev.overtime.api.auth.Caller;
import dev.overtime.api.imageedit.rest.JobView;
import dev.overtime.api.push.config.PushConfig;
import dev.overtime.api.push.estimate.Estimate;
import dev.overtime.api.push.estimate.QueueEstimates;
import dev.overtime.api.push.estimate.SubmitEstimate;
import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.push.feed.JobSnapshot;
import dev.overtime.api.push.feed.JobSnapshots;
import dev.overtime.common.JobStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.time.Duration;
import java.util.Optional;

/**
 * Finishes every answer that carries a single job (submit and status): honours {@code Prefer:
 * wait=N} by holding the answer on the change feed until the job is finished, and replaces the
 * fixed {@code Retry-After} with an estimate from the queue, adding {@code queuePosition}.
 */
public class JobAnswerFilter {

    private final JobWaits waits;
    private final JobSnapshots snapshots;
    private final QueueEstimates estimates;
    private final JobChangeFeed feed;
    private final Caller caller;
    private final PushConfig config;
    private final SubmitEstimate submitEstimate;

    public JobAnswerFilter(JobWaits waits, JobSnapshots snapshots, QueueEstimates estimates, JobChangeFeed feed,
                           Caller caller, PushConfig config, SubmitEstimate submitEstimate) {
        this.waits = waits;
        this.snapshots = snapshots;
        this.estimates = estimates;
        this.feed = feed;
        this.caller = caller;
        this.config = config;
        this.submitEstimate = submitEstimate;
    }

    @ServerResponseFilter
    public Uni<Void> finishJobAnswer(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof JobView view)) {
            return Uni.createFrom().voidItem();
        }
        JobStatus status = JobStatus.fromWire(view.status());
        if (status.isTerminal()) {
            return Uni.createFrom().voidItem();
        }
        Optional<Duration> wait = PreferWait.parse(request.getHeaderString("Prefer"), config.preferWaitMax());
        if (wait.isPresent()) {
            String owner = caller.owner();
            return waits.untilFinished(view.id(), owner, wait.get())
                    .invoke(snapshot -> answerAfterWait(response, snapshot, wait.get()))
                    .replaceWithVoid();
        }
        Optional<Estimate> known = submitEstimate.forJob(view.id());
        if (known.isPresent()) {
            withEstimate(response, view, known.get());
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> estimates.estimate(view.id(), status, view.createdAt(), view.startedAt()))
                .runSubscriptionOn(feed::runBlocking)
                .invoke(estimate -> withEstimate(response, view, estimate))
                .replaceWithVoid();
    }

    private void withEstimate(ContainerResponseContext response, JobView view, Estimate estimate) {
        response.setEntity(snapshots.enrich(view, estimate));
        response.getHeaders().putSingle("Retry-After", estimate.retryAfterSeconds());
    }

    private static void answerAfterWait(ContainerResponseContext response, JobSnapshot snapshot, Duration waited) {
        if (snapshot == null) {
            return;
        }
        response.setEntity(snapshot.body());
        response.getHeaders().putSingle("ETag", "\"" + snapshot.id() + "-" + snapshot.version() + "\"");
        if (snapshot.terminal()) {
            response.setStatus(200);
            response.getHeaders().remove("Retry-After");
            response.getHeaders().putSingle("Preference-Applied", "wait=" + waited.toSeconds());
        } else {
            response.getHeaders().putSingle("Retry-After", snapshot.retryAfterSeconds());
        }
    }
}
