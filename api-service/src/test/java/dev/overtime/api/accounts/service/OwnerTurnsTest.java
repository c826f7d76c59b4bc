package dev.overtime.api.accounts.service;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OwnerTurnsTest {

    private final OwnerTurns turns = new OwnerTurns();

    @Test
    void aFewOfAnOwnersSubmitsGetInAtOnceAndTheNextIsRefusedWhenItsTimeIsUp() {
        List<OwnerTurns.Turn> held = new ArrayList<>();
        for (int i = 0; i < OwnerTurns.AT_ONCE; i++) {
            held.add(turns.take("owner-a", 0));
        }
        ApiException refused = assertThrows(ApiException.class, () -> turns.take("owner-a", 50));
        assertEquals(ErrorCode.OVERLOADED, refused.code());

        held.removeFirst().close();
        held.add(turns.take("owner-a", 0));
        assertThrows(ApiException.class, () -> turns.take("owner-a", 0));
        held.forEach(OwnerTurns.Turn::close);
    }

    @Test
    void aWaitingSubmitGetsInWhenATurnCloses() throws Exception {
        List<OwnerTurns.Turn> held = new ArrayList<>();
        for (int i = 0; i < OwnerTurns.AT_ONCE; i++) {
            held.add(turns.take("owner-a", 0));
        }
        CompletableFuture<OwnerTurns.Turn> waiting = CompletableFuture.supplyAsync(() -> turns.take("owner-a", 10_000));
        assertFalse(waiting.isDone(), "every turn is taken");
        held.removeFirst().close();
        held.add(waiting.get(10, TimeUnit.SECONDS));
        held.forEach(OwnerTurns.Turn::close);
    }

    @Test
    void anotherOwnersTurnsAreItsOwn() {
        String other = "owner-b";
        for (int i = 0; stripeOf(other) == stripeOf("owner-a"); i++) {
            other = "owner-b" + i;
        }
        assertNotEquals(stripeOf(other), stripeOf("owner-a"));
        List<OwnerTurns.Turn> held = new ArrayList<>();
        for (int i = 0; i < OwnerTurns.AT_ONCE; i++) {
            held.add(turns.take("owner-a", 0));
        }
        for (int i = 0; i < OwnerTurns.AT_ONCE; i++) {
            held.add(turns.take(other, 0));
        }
        held.forEach(OwnerTurns.Turn::close);
    }

    private static int stripeOf(String owner) {
        return Math.floorMod(owner.hashCode(), OwnerTurns.STRIPES);
    }
}
