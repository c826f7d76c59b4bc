package dev.overtime.api.push.feed;

import dev.overtime.api.imageedit.service.JobChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Tells the feed about changes this replica made itself (accept, cancel) once they are committed;
 * the workers' changes arrive over Kafka instead.
 */
@ApplicationScoped
public class LocalJobChanges {

    private final JobChangeFeed feed;

    public LocalJobChanges(JobChangeFeed feed) {
        this.feed = feed;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
        feed.jobChanged(change.jobId());
    }
}
