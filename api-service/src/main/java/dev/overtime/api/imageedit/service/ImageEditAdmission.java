package dev.overtime.api.imageedit.service;

import dev.overtime.api.accounts.client.RecentEntitlements;
import dev.overtime.api.accounts.client.EntitlementGrant;
import dev.overtime.api.accounts.service.EntitlementRules;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.moderation.client.ModerationVerdicts;
import dev.overtime.api.moderation.client.ModerationVerdict;
import dev.overtime.api.upstream.UpstreamContext;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides whether a valid edit may become a job: the owner's plan allows it, moderation does not
 * block its prompt. Both answers are reused for a while ({@code RecentEntitlements}, {@code ModerationVerdicts}).
 * Call it outside any transaction, so no database connection waits on upstreams.
 */
@ApplicationScoped
public class ImageEditAdmission {

    private final RecentEntitlements accounts;
    private final ModerationVerdicts moderation;

    public ImageEditAdmission(RecentEntitlements accounts, ModerationVerdicts moderation) {
        this.accounts = accounts;
        this.moderation = moderation;
    }

    /** Throws the answer when the edit may not run; whether a fallback stood in is on {@link UpstreamContext}. */
    public Admission admit(String owner, EditRequest request) {
        EntitlementGrant grant = accounts.of(owner);
        if (grant.enforced()) {
            EntitlementRules.check(grant.entitlements(), request.model(), request.n());
        }
        ModerationVerdict verdict = moderation.check(request.prompt());
        if (verdict.flagged()) {
            throw new ApiException(ErrorCode.MODERATION_BLOCKED, "The prompt was blocked by moderation"
                    + (verdict.categories().isEmpty() ? "." : " (" + String.join(", ", verdict.categories()) + ")."),
                    "prompt");
        }
        return new Admission(verdict, grant);
    }
}
