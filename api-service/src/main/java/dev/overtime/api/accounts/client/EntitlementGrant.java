package dev.overtime.api.accounts.client;

/**
 * Entitlements and where they came from: {@code live} from the accounts service, {@code cached}
 * (the last seen for the owner) or {@code default} (the configured plan) when it failed, or
 * {@code off} when no accounts service is configured.
 */
public record EntitlementGrant(Entitlements entitlements, String source) {

    public static EntitlementGrant off() {
        return new EntitlementGrant(null, "off");
    }

    public boolean enforced() {
        return entitlements != null;
    }
}
