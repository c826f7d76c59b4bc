package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.TokenUsage;

import java.time.Instant;

/** The facts of one upstream call, written to its image_edit_attempts row when the call ends. */
public record AttemptRecord(int attempt, Instant startedAt, long durationMs, Integer httpStatus,
                            String upstreamRequestId, ErrorCode errorCode, TokenUsage usage) {
}
