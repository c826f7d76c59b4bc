package dev.overtime.api.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(5_000);

    @Test
    void letsABurstThroughThenRefusesWithTheTimeUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(3, 0.5, now::get);
        assertEquals(2, bucket.take().remaining());
        assertEquals(1, bucket.take().remaining());
        TokenBucket.Take last = bucket.take();
        assertTrue(last.taken());
        assertEquals(0, last.remaining());
        assertEquals(6, last.resetSeconds(), "three tokens at one every 2 s");

        TokenBucket.Take refused = bucket.take();
        assertFalse(refused.taken());
        assertEquals(2, refused.retryAfterSeconds());
    }

    @Test
    void refillsContinuouslyUpToItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, 10, now::get);
        bucket.take();
        bucket.take();
        assertFalse(bucket.take().taken());
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertTrue(bucket.take().taken(), "one token after 100 ms at 10 a second");
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertTrue(bucket.isFull());
        assertEquals(1, bucket.take().remaining(), "never more than the capacity");
    }

    @Test
    void aRetryAfterIsAtLeastOneSecond() {
        TokenBucket bucket = new TokenBucket(1, 100, now::get);
        bucket.take();
        assertEquals(1, bucket.take().retryAfterSeconds());
    }

    @Test
    void aTokenGivenBackCanBeTakenAgain() {
        TokenBucket bucket = new TokenBucket(1, 0.001, now::get);
        assertTrue(bucket.take().taken());
        bucket.giveBack();
        assertTrue(bucket.take().taken());
        assertFalse(bucket.take().taken());
    }

    @Test
    void keyedBucketsStayWithinTheirSizeByDroppingFullOnes() {
        KeyedBuckets<String> buckets = new KeyedBuckets<>(2, 1, 3, now::get);
        buckets.take("a");
        buckets.take("b");
        buckets.take("c");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        buckets.take("d");
        assertEquals(1, buckets.size(), "a, b and c were full again, so dropped for d");
        assertTrue(buckets.hasToken("d"));
        buckets.take("d");
        assertFalse(buckets.hasToken("d"));
    }
}
