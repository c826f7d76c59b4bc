package dev.overtime.api.push.webhook;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Per-owner signing secrets. Rotating adds a new secret and lets the old ones sign on until the
 * grace period ends, so deliveries carry both signatures while receivers switch over.
 */
@ApplicationScoped
public class WebhookSecrets {

    private final EntityManager em;
    private final PushConfig.Webhooks config;
    private final SecureRandom random = new SecureRandom();

    public WebhookSecrets(EntityManager em, ApiConfig config) {
        this.em = em;
        this.config = config.push().webhooks();
    }

    public record IssuedSecret(String owner, String secret, Instant createdAt, Instant previousValidUntil) {
    }

    /** Creates the owner's first secret, or rotates: the new one signs at once, older ones until the grace ends. */
    @Transactional
    public IssuedSecret rotate(String owner) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant graceEnds = now.plus(config.rotationGrace());
        int previous = em.createNativeQuery("""
                        update webhook_secrets set expires_at = ?2
                        where owner = ?1 and (expires_at is null or expires_at > ?2)""")
                .setParameter(1, owner).setParameter(2, Timestamp.from(graceEnds)).executeUpdate();
        byte[] key = new byte[32];
        random.nextBytes(key);
        String secret = WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
        em.createNativeQuery("insert into webhook_secrets (id, owner, secret, created_at) values (?1, ?2, ?3, ?4)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, owner).setParameter(3, secret)
                .setParameter(4, Timestamp.from(now)).executeUpdate();
        return new IssuedSecret(owner, secret, now, previous > 0 ? graceEnds : null);
    }

    /** The secrets that sign now, newest first. */
    @Transactional
    public List<String> active(String owner) {
        @SuppressWarnings("unchecked")
        List<String> secrets = em.createNativeQuery("""
                        select secret from webhook_secrets
                        where owner = ?1 and (expires_at is null or expires_at > now())
                        order by created_at desc""")
                .setParameter(1, owner).getResultList();
        return secrets;
    }
}
