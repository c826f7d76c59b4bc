import type { ErrorCode } from "./generated/error-codes.js";

/**
 * Codes the client itself gives to failures that never reached an Overtime answer: the request timed out,
 * the connection failed, or something answered that is not Overtime's error envelope (a gateway's HTML page).
 */
export type ClientErrorCode = "TIMEOUT" | "CONNECTION_ERROR" | "HTTP_ERROR" | "INVALID_RESPONSE";

/** Every code an {@link OvertimeError} can carry: the API's stable codes, then the client's own. */
export type OvertimeErrorCode = ErrorCode | ClientErrorCode;

/** The API's error envelope (RFC 9457 problem details plus Overtime's fields). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: ErrorCode;
  message: string;
  param?: string;
  requestId?: string;
  data?: null;
  degraded?: boolean;
  upstream?: string;
  timeoutMs?: number;
}

export interface OvertimeErrorInit {
  status: number;
  code: OvertimeErrorCode;
  message: string;
  param?: string | undefined;
  requestId?: string | undefined;
  degraded?: boolean | undefined;
  upstream?: string | undefined;
  timeoutMs?: number | undefined;
  retryAfterMs?: number | undefined;
  problem?: Problem | undefined;
  cause?: unknown;
}

/** A refused or failed call. Switch on {@link code}; quote {@link requestId} in a support ticket. */
export class OvertimeError extends Error {
  override readonly name = "OvertimeError";
  /** The HTTP status, or 0 when no answer arrived (timeout, connection error). */
  readonly status: number;
  readonly code: OvertimeErrorCode;
  /** The request field at fault, when the API named one (e.g. "mask", "prompt"). */
  readonly param: string | undefined;
  readonly requestId: string | undefined;
  /** True when an upstream of the API, not the request, is why there is no answer. */
  readonly degraded: boolean;
  readonly upstream: string | undefined;
  readonly timeoutMs: number | undefined;
  /** The answer's Retry-After in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** The envelope as the API sent it; undefined when the answer was not Overtime's envelope. */
  readonly problem: Problem | undefined;

  constructor(init: OvertimeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.requestId = init.requestId;
    this.degraded = init.degraded ?? false;
    this.upstream = init.upstream;
    this.timeoutMs = init.timeoutMs;
    this.retryAfterMs = init.retryAfterMs;
    this.problem = init.problem;
  }
}

/** True for the statuses an idempotent call may be retried on (after Retry-After). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}
