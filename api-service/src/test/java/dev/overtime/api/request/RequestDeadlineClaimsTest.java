package dev.overtime.api.request;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who answers a request, its work or its deadline, and how much time an answer is left. */
class RequestDeadlineClaimsTest {

    private final AtomicLong now = new AtomicLong(0);

    private RequestDeadline deadline() {
        return new RequestDeadline(25_000, 1_000, now::get);
    }

    private void pass(long ms) {
        now.addAndGet(Duration.ofMillis(ms).toNanos());
    }

    @Test
    void workCommitsWithTheMarginLeftAndTheTimerThenStandsDown() {
        RequestDeadline deadline = deadline();
        pass(24_000);
        deadline.claimCompletion();
        assertFalse(deadline.expire(), "the commit's answer is the answer");
    }

    @Test
    void workDoesNotCommitWithLessThanTheMarginLeft() {
        RequestDeadline deadline = deadline();
        pass(24_001);
        DeadlineExceededException refused = assertThrows(DeadlineExceededException.class, deadline::claimCompletion);
        assertEquals(25_000, refused.deadlineMs());
        assertFalse(deadline.expire(), "the refusal is the answer: the timer writes no second one");
        assertTrue(deadline.expired());
    }

    @Test
    void aHeldAnswerEndsTheMarginBeforeTheDeadline() {
        RequestDeadline deadline = deadline();
        assertEquals(24_000, deadline.timeForAnswerMs());
        pass(10_000);
        assertEquals(14_000, deadline.timeForAnswerMs());
        pass(20_000);
        assertEquals(0, deadline.timeForAnswerMs());
    }

    @Test
    void anAnswerClaimedBeforeTheTimerCannotBeReplacedByA504() {
        RequestDeadline deadline = deadline();
        assertTrue(deadline.claimAnswer());
        assertFalse(deadline.expire());

        RequestDeadline late = deadline();
        assertTrue(late.expire());
        assertFalse(late.claimAnswer(), "the timer answered first");
    }

    @Test
    void noDeadlineLeavesAllTheTimeInTheWorld() {
        RequestDeadline none = RequestDeadline.none();
        assertEquals(Long.MAX_VALUE, none.timeForAnswerMs());
        none.claimCompletion();
    }
}
