import type { Http } from "./http.js";

/** What usage can be grouped by. */
export type UsageDimension = "model" | "day";

export interface UsageParams {
  /** Inclusive: a UTC date ("2026-12-01") or an instant; default the start of this month (UTC). */
  from?: string | Date;
  /** Exclusive for an instant; a date includes that whole day. Default: the end of today (UTC). At most 400 days after from. */
  to?: string | Date;
  groupBy?: readonly UsageDimension[];
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Sums over billed upstream attempts; `usd` is an exact decimal string ("0.0421"), never a float. */
export interface UsageTotals {
  /** Jobs with a billed attempt in the range. */
  jobs: number;
  /** Images their succeeded attempts delivered. */
  images: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  usd: string;
}

/** One group: `model` and `day` (UTC, "2026-12-07") are present when grouped by them. */
export interface UsageGroup extends UsageTotals {
  model?: string;
  day?: string;
}

/** GET /v1/usage: the caller's usage and cost over a range. */
export interface UsageReport {
  object: "usage";
  from: string;
  to: string;
  groupBy: UsageDimension[];
  totals: UsageTotals;
  /** Present when groupBy asked for groups; ordered by model, then day. */
  groups?: UsageGroup[];
}

/** GET /v1/usage with the caller's key (a job token is refused: 403 OUTSIDE_TOKEN_SCOPE). */
export async function fetchUsage(http: Http, params: UsageParams = {}): Promise<UsageReport> {
  return http.request({
    method: "GET",
    path: "/v1/usage",
    query: {
      from: instant(params.from),
      to: instant(params.to),
      groupBy: params.groupBy && params.groupBy.length > 0 ? params.groupBy.join(",") : undefined,
    },
    idempotent: true,
    signal: params.signal,
    timeoutMs: params.timeoutMs,
  }, async (response) => (await response.json()) as UsageReport);
}

function instant(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}
