package dev.overtime.api.moderation.client;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.request.DeadlineExceededException;
import dev.overtime.api.upstream.TimeoutProfile;
import dev.overtime.api.upstream.UpstreamCall;
import dev.overtime.api.upstream.UpstreamGuard;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Moderates prompts before a job is accepted, under the critical timeout profile. On timeout or
 * failure, {@code overtime.api.moderation.on-failure} decides: accept unmoderated (degraded) or refuse.
 * Not retried: a second try would not fit the critical budget.
 */
@ApplicationScoped
public class ModerationClient {

    public static final String UPSTREAM = "moderation";
    static final UpstreamCall CHECK = new UpstreamCall(UPSTREAM, "POST", "/moderations", TimeoutProfile.CRITICAL,
            ModerationClient.class, "check");

    private final ModerationRestClient client;
    private final UpstreamGuard guard;
    private final ApiConfig.Moderation config;

    public ModerationClient(@RestClient ModerationRestClient client, UpstreamGuard guard, ApiConfig config) {
        this.client = client;
        this.guard = guard;
        this.config = config.moderation();
    }

    @Timeout(TimeoutProfile.CRITICAL_MS)
    // A request that ran out of its own deadline says nothing about the upstream's health.
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = DeadlineExceededException.class)
    @CircuitBreakerName(UPSTREAM)
    @Fallback(fallbackMethod = "unmoderated")
    public ModerationVerdict check(String prompt) {
        if (!config.enabled()) {
            return ModerationVerdict.skipped("disabled");
        }
        guard.attempt(CHECK);
        ModerationResponse response = client.moderate(config.apiKey().map(key -> "Bearer " + key).orElse(null),
                new ModerationRequest(config.model(), prompt));
        guard.succeeded(CHECK);
        List<String> categories = response.results() == null ? List.of() : response.results().stream()
                .filter(ModerationResponse.Result::flagged)
                .flatMap(result -> result.categories() == null ? Stream.<String>empty()
                        : result.categories().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey))
                .distinct().toList();
        boolean flagged = response.results() != null && response.results().stream().anyMatch(ModerationResponse.Result::flagged);
        return new ModerationVerdict(flagged ? ModerationVerdict.Outcome.FLAGGED : ModerationVerdict.Outcome.PASSED,
                categories, response.model());
    }

    ModerationVerdict unmoderated(String prompt, Throwable failure) {
        if (config.onFailure() == ApiConfig.Moderation.OnFailure.FAIL_CLOSED) {
            throw guard.failed(CHECK, failure);
        }
        guard.fallbackUsed(CHECK, failure);
        return ModerationVerdict.skipped("moderation unavailable: " + failure.getClass().getSimpleName());
    }
}
