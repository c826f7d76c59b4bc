package dev.overtime.worker.storage;

import jakarta.persistence.EntityManager;

/**
 * One worker at a time per storage duty, across every replica: a PostgreSQL advisory lock held for the current
 * transaction. The loser skips this round rather than waiting; the rows' own guards make a repeat harmless anyway.
 */
enum SweepLock {
    RETENTION(0x6f76_7201L),
    ORPHANS(0x6f76_7202L),
    MOVER(0x6f76_7203L);

    private final long key;

    SweepLock(long key) {
        this.key = key;
    }

    long key() {
        return key;
    }

    /** True when this transaction now holds the lock; call inside a transaction. */
    boolean tryHold(EntityManager em) {
        return (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(:key)")
                .setParameter("key", key)
                .getSingleResult();
    }
}
