import type { components } from "./generated/openapi.js";
import type { ErrorCode } from "./generated/error-codes.js";
import type { JobStatus } from "./generated/job-status.js";

type Schemas = components["schemas"];

export type { ErrorCode, JobStatus };
export type Output = Required<Schemas["OutputView"]>;
export type Usage = Required<Schemas["UsageView"]>;
export type Attempt = Schemas["AttemptSummary"];
/** A batch as GET /v1/image-edit-batches/{id} answers it (a webhook's batch.completed carries it without items). */
export type Batch = Schemas["BatchView"];

/** A partial image the worker stored while the edit ran (SSE `partial_image` events). */
export interface PartialImage {
  index: number;
  /** Path of the image on the API, e.g. /v1/image-edits/{id}/partial-images/0. */
  url: string;
}

/**
 * An image edit job, as GET /v1/image-edits/{id}, every SSE and WebSocket event and every webhook carry it:
 * the generated JobView, with the fields every answer has made required and the enums narrowed.
 */
export type Job = Omit<Schemas["JobView"], "id" | "status" | "error" | "outputs" | "createdAt" | "object"> & {
  id: string;
  object: "image_edit";
  status: JobStatus;
  createdAt: string;
  outputs?: Output[];
  /** Set on failed and canceled jobs. */
  error?: JobError;
  /** 1 = next, while the job is queued (an estimate from the queue). */
  queuePosition?: number;
  /** On a `partial_image` event only. */
  partialImage?: PartialImage;
  /** What OpenAI billed for the job's attempts so far. */
  cost?: JobCost;
};

/**
 * What a job has cost: `usd` an exact decimal string ("0.0421"; parse with a decimal library, not Number), priced at
 * the price table in force when each attempt ran; `billedAttempts` the attempts that reported usage (a failure
 * without usage costs nothing).
 */
export interface JobCost {
  usd: string;
  billedAttempts: number;
}

/**
 * Why OpenAI's safety system refused the edit, on a `MODERATION_BLOCKED` failure when OpenAI said: the stage it
 * stopped at (`input`: the prompt or images; `output`: the rendered image; absent when not said) and the categories
 * it named (at most 16, each at most 64 characters; possibly none).
 */
export interface UpstreamModeration {
  stage?: "input" | "output" | (string & {});
  categories: string[];
}

/** Why a job failed or was canceled: a stable code, a message for people, and OpenAI's moderation verdict if any. */
export interface JobError {
  code: ErrorCode;
  message: string;
  moderation?: UpstreamModeration;
}

/** One page of the caller's jobs, newest first. */
export interface JobPage {
  data: Job[];
  nextCursor: string | null;
  hasMore: boolean;
}

/** What the HTTP answer said besides the job; not enumerable, so JSON.stringify(job) stays the job. */
export interface AnswerMeta {
  /** 202 for a new job, 200 for a reused or finished one. */
  readonly httpStatus: number;
  /** The answer's Retry-After in milliseconds: when looking again is worth it. Absent on finished jobs. */
  readonly retryAfterMs: number | undefined;
  readonly etag: string | undefined;
  /** True when an Idempotency-Key replayed the original answer. */
  readonly replayed: boolean;
  /** The upstreams a fallback stood in for (Overtime-Degraded header), if any. */
  readonly degradedUpstreams: readonly string[];
  readonly requestId: string | undefined;
}

export type JobAnswer = Job & AnswerMeta;

export const TERMINAL_STATUSES: readonly JobStatus[] = ["succeeded", "failed", "canceled"];

export function isTerminal(status: JobStatus | string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
