package dev.overtime.imageformat;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebpHeaderTest {

    @Test
    void readsTheAlphaFlagOfLosslessAndExtendedFiles() {
        int bits = 99 | (49 << 14) | (1 << 28);
        byte[] lossless = Webp.riff("VP8L", new byte[]{0x2F, (byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16),
                (byte) (bits >>> 24), 0, 0, 0, 0, 0});
        assertEquals(Optional.of(new WebpHeader(100, 50, true, 0)), WebpHeader.read(lossless));

        byte[] extended = Webp.riff("VP8X", new byte[]{0x00, 0, 0, 0, 9, 0, 0, 4, 0, 0});
        assertEquals(Optional.of(new WebpHeader(10, 5, false, 0)), WebpHeader.read(extended));
    }

    @Test
    void refusesAWrongBitstreamSignatureAnUnknownChunkAndShortFiles() {
        byte[] lossyWithoutStartCode = Webp.riff("VP8 ", new byte[]{0x10, 0x02, 0x00, 0x00, 0x01, 0x2A, 0, 4, 0, 3, 0, 0});
        assertEquals(Optional.empty(), WebpHeader.read(lossyWithoutStartCode));
        byte[] losslessWithoutSignature = Webp.riff("VP8L", new byte[10]);
        assertEquals(Optional.empty(), WebpHeader.read(losslessWithoutSignature));
        assertEquals(Optional.empty(), WebpHeader.read(Webp.riff("ABCD", new byte[10])));
        assertEquals(Optional.empty(), WebpHeader.read(Webp.riff("VP8X", new byte[9])));
    }

    @Test
    void aLossyFrameMayDeclareZeroSizeAndTheCallerDecides() {
        byte[] webp = Webp.riff("VP8 ", new byte[]{0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, 0, 0, 0, 0, 0, 0});
        assertEquals(Optional.of(new WebpHeader(0, 0, false, 0)), WebpHeader.read(webp));
    }

    @Test
    void theContainerFitsWhenItsDeclaredSizeMatchesTheBytes() {
        byte[] webp = Webp.riff("VP8X", new byte[]{0x10, 0, 0, 0, 9, 0, 0, 4, 0, 0});
        assertTrue(WebpHeader.read(Webp.withRiffSize(webp, webp.length - 8)).orElseThrow().containerFits(webp.length));
        assertTrue(WebpHeader.read(Webp.withRiffSize(webp, webp.length - 7)).orElseThrow().containerFits(webp.length));
        assertFalse(WebpHeader.read(Webp.withRiffSize(webp, webp.length)).orElseThrow().containerFits(webp.length));
        assertFalse(WebpHeader.read(Webp.withRiffSize(webp, 3)).orElseThrow().containerFits(webp.length));
    }
}
