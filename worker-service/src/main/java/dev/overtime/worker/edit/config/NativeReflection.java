package dev.overtime.worker.edit.config;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.cost.JobCost;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditPartialImage;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.edit.client.OpenAiError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps the types our own {@code ObjectMapper} calls touch reflectively reachable in a native executable.
 *
 * <p>Nothing here is a REST resource return type, so Quarkus cannot infer them: request records read from Kafka,
 * lifecycle events converted to CloudEvent data (the contracts jar stays free of Quarkus annotations), and
 * OpenAI's response and error bodies parsed from the upstream's text. The package-private client records are
 * named by string because their classes are not visible from here.
 */
@RegisterForReflection(
        targets = {
                ImageEditRequested.class,
                ImageEditStarted.class,
                ImageEditSucceeded.class,
                ImageEditFailed.class,
                ImageEditPartialImage.class,
                JobFacts.class,
                TokenUsage.class,
                JobCost.class,
                UpstreamModeration.class,
                JobStatus.class,
                ErrorCode.class,
                OpenAiError.class,
        },
        classNames = {
                "dev.overtime.worker.edit.client.OpenAiError$Envelope",
                "dev.overtime.worker.edit.client.UpstreamJson$Usage",
                "dev.overtime.worker.edit.client.UpstreamJson$InputDetails",
        })
final class NativeReflection {

    private NativeReflection() {
    }
}
