package dev.overtime.simulator.edit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Renders and encodes the answer to a validated edit, as one JSON body or as a server-sent event stream. */
@ApplicationScoped
public class EditProducer {

    private final ImageRenderer renderer;
    private final ImageEncoder encoder;
    private final TokenEstimator tokens;
    private final ObjectMapper json;

    public EditProducer(ImageRenderer renderer, ImageEncoder encoder, TokenEstimator tokens, ObjectMapper json) {
        this.renderer = renderer;
        this.encoder = encoder;
        this.tokens = tokens;
        this.json = json;
    }

    public ImagesResponse respond(EditPlan plan) {
        ImageRenderer.Source source = renderer.prepare(plan);
        List<ImagesResponse.Image> images = new ArrayList<>(plan.n());
        for (int variant = 0; variant < plan.n(); variant++) {
            images.add(new ImagesResponse.Image(b64(source, plan, variant, 1.0)));
        }
        return new ImagesResponse(now(), images, background(source, plan), plan.outputFormat(),
                TokenEstimator.resolvedQuality(plan.quality()), plan.outputSize().toString(), tokens.estimate(plan));
    }

    /** The whole stream at once: partial images at growing strength, then one completed event per image. */
    public String stream(EditPlan plan) {
        return String.join("", streamEvents(plan));
    }

    /** The stream's events, each a complete {@code event:}/{@code data:} block, in order. */
    public List<String> streamEvents(EditPlan plan) {
        List<String> events = new ArrayList<>();
        ImageRenderer.Source source = renderer.prepare(plan);
        String size = plan.outputSize().toString();
        String quality = TokenEstimator.resolvedQuality(plan.quality());
        String background = background(source, plan);
        for (int index = 0; index < plan.partialImages(); index++) {
            double progress = (index + 1.0) / (plan.partialImages() + 1.0);
            events.add(event(new ImageEditStreamEvent.PartialImage("image_edit.partial_image",
                    b64(source, plan, 0, progress), now(), size, quality, background, plan.outputFormat(), index)));
        }
        ImagesUsage usage = tokens.estimate(plan);
        for (int variant = 0; variant < plan.n(); variant++) {
            events.add(event(new ImageEditStreamEvent.Completed("image_edit.completed", b64(source, plan, variant, 1.0),
                    now(), size, quality, background, plan.outputFormat(), usage)));
        }
        return events;
    }

    private String b64(ImageRenderer.Source source, EditPlan plan, int variant, double progress) {
        byte[] encoded = encoder.encode(renderer.render(source, plan, variant, progress), plan.outputFormat(),
                plan.outputCompression());
        return Base64.getEncoder().encodeToString(encoded);
    }

    private String background(ImageRenderer.Source source, EditPlan plan) {
        return renderer.outputHasAlpha(source, plan) ? "transparent" : "opaque";
    }

    private String event(ImageEditStreamEvent event) {
        try {
            return "event: " + event.type() + "\ndata: " + json.writeValueAsString(event) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + event.type(), e);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
