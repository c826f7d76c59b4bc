package dev.overtime.api.imageedit.rest;

import dev.overtime.api.imageedit.view.JobView;

import java.util.List;

/** One page of the caller's jobs; {@code nextCursor} is null on the last page. */
public record JobPage(List<JobView> data, String nextCursor, boolean hasMore) {
}
