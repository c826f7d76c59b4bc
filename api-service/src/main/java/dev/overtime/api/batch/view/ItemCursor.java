package dev.overtime.api.batch.view;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of a batch's item pages: the last index a page held. */
public final class ItemCursor {

    private static final String PREFIX = "item:";

    private ItemCursor() {
    }

    public static String encode(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + index).getBytes(StandardCharsets.UTF_8));
    }

    /** -1 (from the first item) when there is no cursor. */
    public static int decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return -1;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(PREFIX)) {
                int index = Integer.parseInt(raw.substring(PREFIX.length()));
                if (index >= 0) {
                    return index;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_CURSOR, "cursor is not one this API issued.", "cursor");
    }
}
