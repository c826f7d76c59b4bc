package dev.overtime.api.imageedit.service;

import dev.overtime.api.imageedit.validation.EditRequest;

import java.util.UUID;

/** A job is being stored; observed synchronously, inside the accepting transaction. */
public record JobAccepted(UUID jobId, String owner, EditRequest request) {
}
