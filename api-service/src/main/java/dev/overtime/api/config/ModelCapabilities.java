package dev.overtime.api.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.util.List;
import java.util.Optional;

/**
 * What one upstream model accepts. Models come and go upstream, so this lives in configuration
 * ({@code overtime.api.models."<name>".*}) rather than in an enum.
 */
public interface ModelCapabilities {

    /** Fixed sizes accepted, including {@code auto} where the model sizes itself. */
    @WithDefault("auto,1024x1024,1536x1024,1024x1536")
    List<String> sizes();

    /** Free {@code WxH} sizes within these rules (gpt-image-2); absent means fixed sizes only. */
    Optional<FreeSizes> freeSizes();

    @WithDefault("auto,low,medium,high")
    List<String> qualities();

    @WithDefault("auto,opaque,transparent")
    List<String> backgrounds();

    @WithDefault("png,jpeg,webp")
    List<String> outputFormats();

    /** Empty when the model does not take {@code input_fidelity}. */
    @WithDefault("low,high")
    List<String> inputFidelities();

    @WithDefault("16")
    int maxImages();

    @WithDefault("10")
    int maxN();

    @WithDefault("32000")
    int maxPromptLength();

    /** Its sunset, successor and what happens after: keys beside these ({@code .sunset}, {@code .successor}). */
    @WithParentName
    ModelRetirement retirement();

    interface FreeSizes {
        @WithDefault("16")
        int multipleOf();

        @WithDefault("3.0")
        double maxAspectRatio();

        @WithDefault("3840")
        int maxEdge();

        @WithDefault("8294400")
        long maxPixels();

        @WithDefault("655360")
        long minPixels();
    }
}
