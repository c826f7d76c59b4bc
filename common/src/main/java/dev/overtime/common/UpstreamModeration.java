package dev.overtime.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Why OpenAI's safety system refused an edit, from its {@code moderation_blocked} error's {@code moderation_details}:
 * the {@code stage} that blocked it ({@code input}: the prompt or images; {@code output}: the rendered image; null
 * when the upstream did not say) and the {@code categories} it named (possibly none).
 *
 * <p>An upstream body decides these values and they are copied into rows, events and every job view, so they are
 * bounded here, the one place that admits them: see {@link #bounded}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamModeration(String stage, List<String> categories) {

    public static final int MAX_STAGE_LENGTH = 32;
    public static final int MAX_CATEGORIES = 16;
    public static final int MAX_CATEGORY_LENGTH = 64;

    // OpenAI's stages and category names ("input", "self-harm/intent", "sexual/minors") are short ASCII tokens;
    // anything else is not a category a frontend could map to a message, whatever the upstream meant by it.
    private static final Pattern STAGE = Pattern.compile("[a-z0-9_-]{1," + MAX_STAGE_LENGTH + "}");
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9_./: -]{1," + MAX_CATEGORY_LENGTH + "}");

    public UpstreamModeration {
        if (stage != null && !STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("not a moderation stage: " + stage);
        }
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (categories.size() > MAX_CATEGORIES || !categories.stream().allMatch(c -> CATEGORY.matcher(c).matches())) {
            throw new IllegalArgumentException("at most " + MAX_CATEGORIES + " categories of at most "
                    + MAX_CATEGORY_LENGTH + " plain characters each");
        }
    }

    /**
     * What can be kept of untrusted details: the stage lower-cased when it is a short token (else null); categories
     * trimmed, cut to {@value #MAX_CATEGORY_LENGTH} characters, without blanks, duplicates or odd characters, the
     * first {@value #MAX_CATEGORIES} of them. Empty when nothing is left to tell.
     */
    public static Optional<UpstreamModeration> bounded(String stage, List<String> categories) {
        String keptStage = stage == null ? null : stage.trim().toLowerCase(Locale.ROOT);
        if (keptStage != null && !STAGE.matcher(keptStage).matches()) {
            keptStage = null;
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String category : categories == null ? List.<String>of() : categories) {
            if (kept.size() == MAX_CATEGORIES) {
                break;
            }
            if (category == null) {
                continue;
            }
            String trimmed = category.strip();
            String cut = trimmed.length() <= MAX_CATEGORY_LENGTH ? trimmed
                    : trimmed.substring(0, MAX_CATEGORY_LENGTH).strip();
            if (CATEGORY.matcher(cut).matches()) {
                kept.add(cut);
            }
        }
        if (keptStage == null && kept.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UpstreamModeration(keptStage, new ArrayList<>(kept)));
    }
}
