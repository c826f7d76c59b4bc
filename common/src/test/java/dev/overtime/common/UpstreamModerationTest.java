package dev.overtime.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UpstreamModerationTest {

    @Test
    void keepsOpenAisStageAndCategoriesAsTheyCame() {
        assertEquals(Optional.of(new UpstreamModeration("output", List.of("sexual", "self-harm/intent"))),
                UpstreamModeration.bounded("output", List.of("sexual", "self-harm/intent")));
    }

    @Test
    void aHostileListIsCutToItsFirstSixteenShortDistinctPlainCategories() {
        List<String> hostile = new ArrayList<>(Arrays.asList(" violence ", "violence", "", null, "<script>",
                "x".repeat(10_000)));
        for (int i = 0; i < 10_000; i++) {
            hostile.add("category-" + i);
        }

        UpstreamModeration kept = UpstreamModeration.bounded("OUTPUT", hostile).orElseThrow();

        assertEquals("output", kept.stage());
        assertEquals(UpstreamModeration.MAX_CATEGORIES, kept.categories().size());
        assertEquals("violence", kept.categories().get(0));
        assertEquals("x".repeat(UpstreamModeration.MAX_CATEGORY_LENGTH), kept.categories().get(1));
        assertEquals("category-13", kept.categories().getLast());
    }

    @Test
    void anUnreadableStageIsLeftOutAndNothingToTellIsNoModeration() {
        assertEquals(Optional.of(new UpstreamModeration(null, List.of("hate"))),
                UpstreamModeration.bounded("input\u0000" + "y".repeat(100), List.of("hate")));
        assertEquals(Optional.empty(), UpstreamModeration.bounded(null, null));
        assertEquals(Optional.empty(), UpstreamModeration.bounded(" ", List.of(" ", "\n")));
    }

    @Test
    void refusesUnboundedValuesBuiltDirectly() {
        assertThrows(IllegalArgumentException.class, () -> new UpstreamModeration("x".repeat(33), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new UpstreamModeration("input", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
                        "k", "l", "m", "n", "o", "p", "q")));
    }
}
