package dev.overtime.api.config;

import dev.overtime.api.error.Problem;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.cost.JobCost;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.events.ImageEditRequested;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps the types our own {@code ObjectMapper} calls touch reflectively reachable in a native executable.
 *
 * <p>Quarkus registers what REST resources return, but not what we serialise by hand: the outbox payload
 * ({@code ImageEditRequested}, from the plain contracts jar, which must not carry Quarkus annotations) and the
 * problem body written by the HTTP edge routes before JAX-RS runs, and the job view's parts that status reads render
 * with their own writer (a failed job's {@code error.moderation}).
 */
@RegisterForReflection(targets = {
        ImageEditRequested.class,
        TokenUsage.class,
        JobCost.class,
        UpstreamModeration.class,
        JobStatus.class,
        ErrorCode.class,
        Problem.class,
})
final class NativeReflection {

    private NativeReflection() {
    }
}
