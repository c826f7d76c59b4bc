package dev.overtime.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long image bytes stay in the bucket, under {@code overtime.retention.*} ({@code OVERTIME_RETENTION_OUTPUTS},
 * ...). The worker's storage sweepers apply it; operators who prefer a bucket lifecycle rule can set the equivalent
 * expirations on the key prefixes instead (docs/OPERATIONS.md), and the sweepers then find nothing left to delete.
 */
@ConfigMapping(prefix = "overtime.retention")
public interface RetentionConfig {

    /** How long a result stays downloadable after its job succeeded; the job view shows it as {@code expiresAt}. */
    @WithDefault("30d")
    Duration outputs();

    /**
     * How long uploaded images (and partial previews) stay after their job ended. Nothing reads them after: reuse of
     * an identical request matches on the inputs' SHA-256 kept in PostgreSQL and serves the earlier job's outputs.
     */
    @WithDefault("24h")
    Duration inputs();

    /**
     * Objects no row references (a submit whose transaction failed, a worker killed between upload and commit) are
     * deleted once they are this old; younger ones may still be on their way to being referenced.
     */
    @WithDefault("1h")
    Duration orphansAfter();

    /** How often the storage sweepers run (retention, orphans, moving rows written before object storage). */
    @WithDefault("5m")
    Duration sweepInterval();

    /** Rows or objects handled per sweeper transaction; a sweep goes on batch by batch until nothing is left. */
    @WithDefault("200")
    int batchSize();
}
