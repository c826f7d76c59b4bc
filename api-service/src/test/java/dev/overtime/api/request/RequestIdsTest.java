package dev.overtime.api.request;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdsTest {

    @Test
    void aSafeCallerIdIsKeptAndAnythingElseIsReplacedByAFreshOne() {
        assertEquals("trace-42:a.b_c", RequestIds.acceptOrCreate("trace-42:a.b_c"));
        for (String unsafe : new String[]{null, "", "two words", "line\nbreak", "x".repeat(129)}) {
            String made = RequestIds.acceptOrCreate(unsafe);
            assertTrue(made.matches("req_[0-9a-f]{32}"), made);
        }
    }

    @Test
    void madeIdsDoNotRepeat() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(RequestIds.acceptOrCreate(null));
        }
        assertEquals(10_000, made.size());
    }
}
