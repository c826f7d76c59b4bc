package dev.overtime.api.imageedit.service;

import dev.overtime.api.accounts.client.EntitlementGrant;
import dev.overtime.api.moderation.client.ModerationVerdict;

/** The upstreams' word on an edit that may become a job: its moderation verdict and the owner's entitlements. */
public record Admission(ModerationVerdict moderation, EntitlementGrant entitlements) {
}
