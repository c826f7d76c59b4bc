package dev.overtime.api.accounts.client;

import dev.overtime.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * An owner's entitlements for a submit: the accounts service's answer, reused for
 * {@code overtime.api.accounts.entitlement-ttl} instead of asked for on every submit. Safe within the credit
 * reservation rules ({@code accounts.service.CreditReservations}) as long as the reuse is shorter than the
 * reservation window: every edit accepted after the reused answer is still counted as reserved against it, so a
 * reused balance can refuse early but never lets credits be spent twice. A TTL not below the window (or a window of
 * {@code 0s}, reservations off) reuses nothing.
 */
@ApplicationScoped
public class RecentEntitlements {

    private final AccountsClient accounts;
    private final EntitlementCache cache;
    private final long ttlNanos;

    RecentEntitlements(AccountsClient accounts, EntitlementCache cache, ApiConfig config) {
        this.accounts = accounts;
        this.cache = cache;
        Duration ttl = config.accounts().entitlementTtl();
        this.ttlNanos = ttl.compareTo(config.accounts().reservationWindow()) < 0 ? ttl.toNanos() : 0;
    }

    public EntitlementGrant of(String owner) {
        if (ttlNanos > 0 && accounts.configured()) {
            var recent = cache.seenWithin(owner, ttlNanos);
            if (recent.isPresent()) {
                // Still the service's own answer, a few seconds old: recorded on the job as live.
                return new EntitlementGrant(recent.get(), "live");
            }
        }
        return accounts.entitlements(owner);
    }
}
