package dev.overtime.outbox;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The relay's pacing, with the database and Kafka replaced by a publisher that counts its rounds. */
class OutboxRelayTest {

    private final CountingPublisher publisher = new CountingPublisher();
    private final OneTransaction transaction = new OneTransaction();
    private final OutboxRelay relay = new OutboxRelay(publisher, new HourlyPoll(), transaction);

    @AfterEach
    void stop() {
        relay.stopAndFlush(Duration.ZERO);
    }

    @Test
    void aCommitThatWroteRowsStartsARoundAtOnceThoughThePollIsAnHourAway() {
        relay.start(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.rounds.get() == 1);

        relay.wakeAfterCommit();
        relay.wakeAfterCommit();
        assertEquals(1, transaction.synchronizations.size(), "one wake-up per transaction, however many rows");
        transaction.complete(Status.STATUS_COMMITTED);

        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.rounds.get() == 2);
    }

    @Test
    void stoppingPublishesWhatIsLeftUntilARoundFindsNothing() {
        publisher.batches.addAll(List.of(100, 100, 7));
        relay.stopAndFlush(Duration.ofSeconds(5));
        assertEquals(4, publisher.rounds.get());
    }

    private static final class HourlyPoll implements OutboxSettings {
        @Override
        public Duration pollInterval() {
            return Duration.ofHours(1);
        }

        @Override
        public int batchSize() {
            return 100;
        }

        @Override
        public Duration sendTimeout() {
            return Duration.ofSeconds(1);
        }
    }

    /** Publishes the queued batch sizes in turn, then nothing. */
    private static final class CountingPublisher extends OutboxPublisher {
        final AtomicInteger rounds = new AtomicInteger();
        final Deque<Integer> batches = new ArrayDeque<>();

        CountingPublisher() {
            super(null, null, null, null, null);
        }

        @Override
        public int publishBatch() {
            rounds.incrementAndGet();
            Integer next = batches.poll();
            return next == null ? 0 : next;
        }
    }

    /** The registry of a single open transaction. */
    private static final class OneTransaction implements TransactionSynchronizationRegistry {
        final Map<Object, Object> resources = new HashMap<>();
        final List<Synchronization> synchronizations = new ArrayList<>();

        void complete(int status) {
            synchronizations.forEach(Synchronization::beforeCompletion);
            synchronizations.forEach(sync -> sync.afterCompletion(status));
        }

        @Override
        public Object getTransactionKey() {
            return this;
        }

        @Override
        public void putResource(Object key, Object value) {
            resources.put(key, value);
        }

        @Override
        public Object getResource(Object key) {
            return resources.get(key);
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
