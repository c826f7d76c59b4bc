package dev.overtime.simulator.moderation;

import dev.overtime.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Flags text that contains one of the configured blocked words, under the {@code violence} category. */
@ApplicationScoped
public class ModerationClassifier {

    static final List<String> CATEGORIES = List.of("hate", "hate/threatening", "harassment", "harassment/threatening",
            "illicit", "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
            "sexual/minors", "violence", "violence/graphic");

    /**
     * The category a blocked word lands in (here and in a refused edit's {@code moderation_details}); any category
     * would do, this one reads naturally in logs.
     */
    public static final String FLAGGED_CATEGORY = "violence";

    private final List<String> blockedWords;

    public ModerationClassifier(SimulatorConfig config) {
        this.blockedWords = config.moderation().blockedWords().stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean isBlocked(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return blockedWords.stream().anyMatch(lower::contains);
    }

    public ModerationResponse.Result classify(List<String> texts, boolean hasImage, boolean forceFlag) {
        boolean flagged = forceFlag || texts.stream().anyMatch(this::isBlocked);
        Map<String, Boolean> categories = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, List<String>> appliedTo = new LinkedHashMap<>();
        List<String> inputTypes = hasImage && texts.isEmpty() ? List.of("image")
                : hasImage ? List.of("text", "image") : List.of("text");
        for (String category : CATEGORIES) {
            boolean hit = flagged && category.equals(FLAGGED_CATEGORY);
            categories.put(category, hit);
            scores.put(category, hit ? 0.9731 : 0.0002);
            appliedTo.put(category, inputTypes);
        }
        return new ModerationResponse.Result(flagged, categories, scores, appliedTo);
    }
}
