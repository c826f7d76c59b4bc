package dev.overtime.simulator.config;

import dev.overtime.simulator.edit.ImageEditStreamEvent;
import dev.overtime.simulator.edit.ImagesResponse;
import dev.overtime.simulator.edit.ImagesUsage;
import dev.overtime.simulator.error.ErrorResponse;
import dev.overtime.simulator.moderation.ModerationResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps the wire records reflectively reachable in a native executable where Quarkus cannot see them as
 * resource return types: bodies built into a {@code Response}, streamed server-sent events serialised by hand,
 * and the OpenAI error envelope written by the exception mapper.
 */
@RegisterForReflection(targets = {
        ImagesResponse.class,
        ImagesResponse.Image.class,
        ImagesUsage.class,
        ImagesUsage.InputTokensDetails.class,
        ImageEditStreamEvent.PartialImage.class,
        ImageEditStreamEvent.Completed.class,
        ErrorResponse.class,
        ErrorResponse.Body.class,
        ErrorResponse.ModerationDetails.class,
        ModerationResponse.class,
        ModerationResponse.Result.class,
})
final class NativeReflection {

    private NativeReflection() {
    }
}
