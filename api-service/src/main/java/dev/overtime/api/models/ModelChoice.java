package dev.overtime.api.models;

/** The model a request runs on, and the model it asked for when a retirement substituted another (else null). */
public record ModelChoice(String model, String substitutedFrom) {
}
