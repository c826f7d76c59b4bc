package dev.overtime.api.push.webhook;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.validation.WebhookRequest;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Stores a new job's (or batch's) webhook in the submit's transaction; refuses it (and so the job or batch) when the
 * owner has no secret.
 */
@ApplicationScoped
public class WebhookRegistrar {

    private final EntityManager em;
    private final WebhookSecrets secrets;

    public WebhookRegistrar(EntityManager em, WebhookSecrets secrets) {
        this.em = em;
        this.secrets = secrets;
    }

    /** Does nothing when {@code webhook} is null (none was asked for). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void register(UUID jobId, String owner, WebhookRequest webhook) {
        if (webhook == null) {
            return;
        }
        requireSecret(owner);
        em.createNativeQuery("""
                        insert into image_edit_webhooks (job_id, owner, url, events, created_at)
                        values (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, jobId).setParameter(2, owner).setParameter(3, webhook.url())
                .setParameter(4, String.join(",", new TreeSet<>(webhook.events())))
                .setParameter(5, Timestamp.from(Instant.now())).executeUpdate();
    }

    /** A batch's webhook, told {@code batch.completed}; {@code url} was vetted by the batch's validation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void registerBatch(UUID batchId, String owner, String url) {
        requireSecret(owner);
        em.createNativeQuery("""
                        insert into image_edit_batch_webhooks (batch_id, owner, url, created_at)
                        values (?1, ?2, ?3, ?4)""")
                .setParameter(1, batchId).setParameter(2, owner).setParameter(3, url)
                .setParameter(4, Timestamp.from(Instant.now())).executeUpdate();
    }

    private void requireSecret(String owner) {
        if (secrets.active(owner).isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "No webhook signing secret exists for this account yet; "
                    + "an operator creates one with POST /admin/webhook-secrets.", "webhook");
        }
    }
}
