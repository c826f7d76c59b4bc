import { OvertimeError, isRetryableStatus, type Problem } from "./errors.js";
import { parseRetryAfter } from "./retry-after.js";
import { deadline, sleep } from "./signals.js";

export interface HttpSettings {
  baseUrl: string;
  /** API key or job-scoped token; sent as Authorization: Bearer. Absent behind a BFF that adds its own. */
  credential: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  maxRetryDelayMs: number;
  headers: Record<string, string>;
}

export interface RequestSpec {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined> | undefined;
  headers?: Record<string, string | undefined> | undefined;
  body?: BodyInit | undefined;
  /** Safe to send twice: retried on 429/503 and on connection errors. */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  /** Per attempt; for a stream, until its headers arrive. */
  timeoutMs?: number | undefined;
  /** Non-2xx statuses that are answers rather than errors (304 on a conditional GET). */
  accept?: readonly number[] | undefined;
}

/** Sends requests to Overtime: auth, timeouts, retries of idempotent calls, errors as {@link OvertimeError}. */
export class Http {
  constructor(private readonly settings: HttpSettings) {}

  url(path: string, query?: Record<string, string | number | undefined>): string {
    // String concatenation, not new URL(): a browser behind a BFF uses a relative base like "/api/overtime".
    const base = this.settings.baseUrl.replace(/\/+$/, "");
    const params = Object.entries(query ?? {}).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
    const search = params.length ? "?" + new URLSearchParams(params.map(([k, v]) => [k, String(v)])).toString() : "";
    return base + path + search;
  }

  /** Sends the request and reads its answer with {@link read}, both within the timeout; retries what may be retried. */
  async request<T>(spec: RequestSpec, read: (response: Response) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(spec, read);
      if ("value" in outcome) return outcome.value;
      const delay = this.retryDelay(spec, attempt, outcome.error);
      if (delay === undefined) throw outcome.error;
      await sleep(delay, spec.signal);
    }
  }

  private async attempt<T>(spec: RequestSpec, read: (response: Response) => Promise<T>):
    Promise<{ value: T } | { error: OvertimeError }> {
    const timeoutMs = spec.timeoutMs ?? this.settings.timeoutMs;
    const limit = deadline(spec.signal, timeoutMs);
    try {
      let response: Response;
      try {
        response = await this.send(spec, limit.signal);
      } catch (thrown) {
        return { error: translate(thrown, spec.signal, limit.timedOut(), timeoutMs) };
      }
      if (!response.ok && !spec.accept?.includes(response.status)) {
        return { error: await errorFrom(response) };
      }
      try {
        return { value: await read(response) };
      } catch (thrown) {
        const error = translate(thrown, spec.signal, limit.timedOut(), timeoutMs);
        if (error.code !== "CONNECTION_ERROR") throw error;
        // The body was cut off or is not what the API sends: worth reporting, not worth retrying blindly.
        throw new OvertimeError({ status: response.status, code: "INVALID_RESPONSE",
          message: `Unreadable answer: ${error.message}`, requestId: response.headers.get("X-Request-Id") ?? undefined, cause: thrown });
      }
    } finally {
      limit.dispose();
    }
  }

  /**
   * Opens a response whose body the caller streams. The timeout covers the wait for the headers only;
   * {@link signal} keeps governing the body.
   */
  async open(spec: RequestSpec): Promise<Response> {
    if (spec.signal?.aborted) throw spec.signal.reason;
    const timeoutMs = spec.timeoutMs ?? this.settings.timeoutMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort(spec.signal?.reason);
    spec.signal?.addEventListener("abort", onAbort, { once: true });
    const limit = deadline(undefined, timeoutMs);
    const onTimeout = () => controller.abort(limit.signal.reason);
    limit.signal.addEventListener("abort", onTimeout, { once: true });
    try {
      const response = await this.send(spec, controller.signal);
      if (response.ok || spec.accept?.includes(response.status)) return response;
      throw await errorFrom(response);
    } catch (thrown) {
      spec.signal?.removeEventListener("abort", onAbort);
      throw translate(thrown, spec.signal, limit.timedOut(), timeoutMs);
    } finally {
      // The headers are in: from here on only the caller's signal governs the body.
      limit.signal.removeEventListener("abort", onTimeout);
      limit.dispose();
    }
  }

  private send(spec: RequestSpec, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", ...this.settings.headers };
    if (this.settings.credential) headers["Authorization"] = `Bearer ${this.settings.credential}`;
    for (const [name, value] of Object.entries(spec.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    return this.settings.fetch(this.url(spec.path, spec.query), {
      method: spec.method,
      headers,
      body: spec.body ?? null,
      signal,
    });
  }

  /** How long to wait before trying again, or undefined when this failure is final. */
  private retryDelay(spec: RequestSpec, attempt: number, error: OvertimeError): number | undefined {
    if (!spec.idempotent || attempt >= this.settings.maxRetries) return undefined;
    if (error.code !== "CONNECTION_ERROR" && !isRetryableStatus(error.status)) return undefined;
    if (error.retryAfterMs !== undefined) {
      // A server asking for longer than we are willing to wait gets the error, with retryAfterMs, instead.
      return error.retryAfterMs <= this.settings.maxRetryDelayMs ? error.retryAfterMs : undefined;
    }
    return backoff(attempt);
  }
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each between half and all of it. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(8000, 500 * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** Maps a non-2xx answer to an {@link OvertimeError}: the API's envelope when it is one, else the status. */
export async function errorFrom(response: Response): Promise<OvertimeError> {
  const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
  const headerRequestId = response.headers.get("X-Request-Id") ?? undefined;
  let text = "";
  try {
    text = await response.text();
  } catch {
    // The body is gone (connection dropped); the status is still worth reporting.
  }
  const problem = parseProblem(text);
  if (problem) {
    return new OvertimeError({
      status: response.status,
      code: problem.code,
      message: problem.message ?? problem.title ?? `HTTP ${response.status}`,
      param: problem.param ?? undefined,
      requestId: problem.requestId ?? headerRequestId,
      degraded: problem.degraded,
      upstream: problem.upstream ?? undefined,
      timeoutMs: problem.timeoutMs ?? undefined,
      retryAfterMs,
      problem,
    });
  }
  // Not Overtime's envelope: a gateway, proxy or load balancer answered. Its page is not worth parsing.
  return new OvertimeError({
    status: response.status,
    code: "HTTP_ERROR",
    message: `HTTP ${response.status}${response.statusText ? " " + response.statusText : ""} without Overtime's error envelope` +
      (text ? `: ${text.slice(0, 200)}` : ""),
    requestId: headerRequestId,
    retryAfterMs,
  });
}

function parseProblem(text: string): Problem | undefined {
  if (!text) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && typeof (body as Problem).code === "string" &&
      typeof (body as Problem).status === "number") {
      return body as Problem;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** What a thrown fetch failure means to a caller: their own abort, our timeout, or a failed connection. */
function translate(thrown: unknown, callerSignal: AbortSignal | undefined, timedOut: boolean, timeoutMs: number): OvertimeError {
  if (thrown instanceof OvertimeError) return thrown;
  // The caller's own abort is theirs to handle: rethrown as is (an AbortError, or the reason they gave).
  if (callerSignal?.aborted) throw callerSignal.reason;
  if (timedOut) {
    return new OvertimeError({ status: 0, code: "TIMEOUT", message: `No answer within ${timeoutMs} ms.`, cause: thrown });
  }
  return new OvertimeError({
    status: 0,
    code: "CONNECTION_ERROR",
    message: `Could not reach Overtime: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    cause: thrown,
  });
}
