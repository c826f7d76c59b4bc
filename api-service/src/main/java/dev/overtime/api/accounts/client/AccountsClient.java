package dev.overtime.api.accounts.client;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.request.DeadlineExceededException;
import dev.overtime.api.upstream.TimeoutProfile;
import dev.overtime.api.upstream.UpstreamCall;
import dev.overtime.api.upstream.UpstreamGuard;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.Optional;

/**
 * Reads an owner's entitlements from the operator's account service, under the default timeout
 * profile. Optional: without {@code quarkus.rest-client.accounts.url} nothing is enforced. A read is
 * idempotent, so a refused connection is retried once; a timeout is not, the budget is spent.
 */
@ApplicationScoped
public class AccountsClient {

    public static final String UPSTREAM = "accounts";
    static final UpstreamCall ENTITLEMENTS = new UpstreamCall(UPSTREAM, "GET", "/accounts/{owner}/entitlements",
            TimeoutProfile.DEFAULT, AccountsClient.class, "entitlements");

    // Resolved only when the upstream is configured: without a URL the REST client bean cannot be built.
    private final Instance<AccountsRestClient> client;
    private final UpstreamGuard guard;
    private final EntitlementCache cache;
    private final Optional<ApiConfig.Plan> defaultPlan;
    private final boolean configured;

    public AccountsClient(@RestClient Instance<AccountsRestClient> client, UpstreamGuard guard, EntitlementCache cache,
                          ApiConfig config, @ConfigProperty(name = "quarkus.rest-client.accounts.url") Optional<String> url) {
        this.client = client;
        this.guard = guard;
        this.cache = cache;
        this.defaultPlan = config.accounts().defaultPlan();
        this.configured = url.filter(value -> !value.isBlank()).isPresent();
    }

    public boolean configured() {
        return configured;
    }

    @Timeout(TimeoutProfile.DEFAULT_MS)
    @Retry(maxRetries = 1, delay = 50, jitter = 0, maxDuration = TimeoutProfile.DEFAULT_MS,
            retryOn = ProcessingException.class, abortOn = TimeoutException.class)
    // A request that ran out of its own deadline says nothing about the upstream's health.
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = DeadlineExceededException.class)
    @CircuitBreakerName(UPSTREAM)
    @Fallback(fallbackMethod = "lastKnown")
    public EntitlementGrant entitlements(String owner) {
        if (!configured) {
            return EntitlementGrant.off();
        }
        guard.attempt(ENTITLEMENTS);
        Entitlements entitlements = client.get().entitlements(owner);
        guard.succeeded(ENTITLEMENTS);
        cache.remember(owner, entitlements);
        return new EntitlementGrant(entitlements, "live");
    }

    EntitlementGrant lastKnown(String owner, Throwable failure) {
        Optional<EntitlementGrant> standIn = cache.lastSeen(owner).map(seen -> new EntitlementGrant(seen, "cached"))
                .or(() -> defaultPlan.map(plan -> new EntitlementGrant(new Entitlements(owner, plan.name(),
                        plan.remainingCredits(), plan.allowedModels().orElse(List.of()), plan.maxN()), "default")));
        if (standIn.isEmpty()) {
            throw guard.failed(ENTITLEMENTS, failure);
        }
        guard.fallbackUsed(ENTITLEMENTS, failure);
        return standIn.get();
    }
}
