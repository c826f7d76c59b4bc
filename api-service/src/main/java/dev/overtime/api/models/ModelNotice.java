package dev.overtime.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.time.Instant;

/**
 * What a job view ({@code modelNotice}) and a submit's headers say about a model that is deprecated or retiring:
 * when it counts as deprecated ({@code deprecatedAt}, only when configured), when it is retired ({@code sunset}),
 * the model to move to, what a request for it gets after the sunset ({@code refuse} or {@code substitute}), and a
 * page about it for people.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelNotice(Instant deprecatedAt, Instant sunset, String successor, String onSunset, URI info) {
}
