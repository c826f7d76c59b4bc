package dev.overtime.api.imageedit.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What is left of a client's filename before it is stored and forwarded upstream. */
class UploadFilenamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photo.png|photo.png",
            "../../etc/passwd|passwd",
            "C:\\Users\\me\\photo.png|photo.png",
            "a\"b.png|ab.png",
            "it's.png|its.png",
            "  spaced.png  |spaced.png",
            "fotó.png|fotó.png"})
    void keepsAHarmlessLastSegment(String given, String kept) {
        assertEquals(kept, UploadFilenames.sanitise(given));
    }

    @Test
    void dropsLineBreaksThatWouldForgeAPartHeader() {
        assertEquals("x.pngX-Injected: yes", UploadFilenames.sanitise("x.png\r\nX-Injected: yes"));
    }

    @Test
    void dropsControlAndBidiFormatCharacters() {
        assertEquals("abcgnp.exe", UploadFilenames.sanitise("a\u0000b\u0007c\u202Egnp.exe"));
    }

    @Test
    void cutsToTwoHundredFiftyFiveCharacters() {
        assertEquals(255, UploadFilenames.sanitise("x".repeat(10_000) + ".png").length());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "dir/", "\r\n", "..", ".", "\"\"", "a/.."})
    void leavesNoNameWhenNothingHarmlessRemains(String given) {
        assertNull(UploadFilenames.sanitise(given));
    }
}
