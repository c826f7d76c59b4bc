package dev.overtime.worker.edit.service;

import dev.overtime.worker.edit.client.UpstreamEditRequest;
import dev.overtime.worker.edit.client.UpstreamFile;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.edit.persistence.ImageEditJob;

import java.util.List;

/** Turns a stored job and its input rows into the request the OpenAI client sends. */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    static UpstreamEditRequest of(ImageEditJob job, List<ImageEditInput> inputs) {
        List<UpstreamFile> images = inputs.stream()
                .filter(input -> ImageEditInput.ROLE_IMAGE.equals(input.role))
                .map(UpstreamRequests::file)
                .toList();
        UpstreamFile mask = inputs.stream()
                .filter(input -> ImageEditInput.ROLE_MASK.equals(input.role))
                .map(UpstreamRequests::file)
                .findFirst()
                .orElse(null);
        return new UpstreamEditRequest(job.model, job.prompt, job.n, job.size, job.quality, job.background,
                job.outputFormat, job.outputCompression, job.inputFidelity, job.endUser, job.partialImages, images, mask);
    }

    private static UpstreamFile file(ImageEditInput input) {
        return new UpstreamFile(input.filename, input.contentType, input.data);
    }
}
