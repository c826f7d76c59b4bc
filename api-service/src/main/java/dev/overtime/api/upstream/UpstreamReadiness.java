package dev.overtime.api.upstream;

import dev.overtime.api.accounts.client.AccountsClient;
import dev.overtime.api.moderation.client.ModerationClient;
import dev.overtime.api.presets.client.PresetsClient;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Locale;

/**
 * Reports each upstream's circuit state. Always UP: a failing upstream makes answers degraded or
 * fast errors, never slow, so taking the API out of rotation would only make things worse.
 */
@Readiness
@ApplicationScoped
public class UpstreamReadiness implements HealthCheck {

    private final CircuitBreakerMaintenance circuits;
    private final AccountsClient accounts;
    private final PresetsClient presets;

    public UpstreamReadiness(CircuitBreakerMaintenance circuits, AccountsClient accounts, PresetsClient presets) {
        this.circuits = circuits;
        this.accounts = accounts;
        this.presets = presets;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("upstreams").up();
        response.withData(ModerationClient.UPSTREAM, state(ModerationClient.UPSTREAM));
        response.withData(AccountsClient.UPSTREAM, accounts.configured() ? state(AccountsClient.UPSTREAM) : "off");
        response.withData(PresetsClient.UPSTREAM, presets.configured() ? state(PresetsClient.UPSTREAM) : "off");
        return response.build();
    }

    private String state(String circuit) {
        CircuitBreakerState state = circuits.currentState(circuit);
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
