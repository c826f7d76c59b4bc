package dev.overtime.api.imageedit.service;

import dev.overtime.api.imageedit.persistence.ImageEditJob;

/** An accepted job, and whether a fallback stood in for an upstream while accepting it. */
public record Submission(ImageEditJob job, boolean degraded) {
}
