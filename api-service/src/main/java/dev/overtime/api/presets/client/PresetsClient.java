package dev.overtime.api.presets.client;

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
 * Reads curated presets from the operator's content service under the optional timeout profile;
 * the built-in presets stand in when it fails. Without {@code quarkus.rest-client.presets.url}
 * the built-in presets are simply the catalogue, not a degradation.
 */
@ApplicationScoped
public class PresetsClient {

    public static final String UPSTREAM = "presets";
    static final UpstreamCall LIST = new UpstreamCall(UPSTREAM, "GET", "/presets", TimeoutProfile.OPTIONAL,
            PresetsClient.class, "presets");

    // Resolved only when the upstream is configured: without a URL the REST client bean cannot be built.
    private final Instance<PresetsRestClient> client;
    private final UpstreamGuard guard;
    private final boolean configured;

    public PresetsClient(@RestClient Instance<PresetsRestClient> client, UpstreamGuard guard,
                         @ConfigProperty(name = "quarkus.rest-client.presets.url") Optional<String> url) {
        this.client = client;
        this.guard = guard;
        this.configured = url.filter(value -> !value.isBlank()).isPresent();
    }

    public boolean configured() {
        return configured;
    }

    @Timeout(TimeoutProfile.OPTIONAL_MS)
    @Retry(maxRetries = 1, delay = 50, jitter = 0, maxDuration = TimeoutProfile.OPTIONAL_MS,
            retryOn = ProcessingException.class, abortOn = TimeoutException.class)
    // A request that ran out of its own deadline says nothing about the upstream's health.
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = DeadlineExceededException.class)
    @CircuitBreakerName(UPSTREAM)
    @Fallback(fallbackMethod = "builtIn")
    public PresetCatalogue presets() {
        if (!configured) {
            return new PresetCatalogue(BuiltInPresets.ALL, true);
        }
        guard.attempt(LIST);
        PresetList list = client.get().presets();
        guard.succeeded(LIST);
        return new PresetCatalogue(list.presets() == null ? List.of() : list.presets(), false);
    }

    PresetCatalogue builtIn(Throwable failure) {
        guard.fallbackUsed(LIST, failure);
        return new PresetCatalogue(BuiltInPresets.ALL, true);
    }
}
