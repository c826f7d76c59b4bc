export { Overtime, type OvertimeOptions } from "./client.js";
export {
  ImageEdits, JobListing, type CallOptions, type CreateParams, type GetOptions, type JobToken, type ListParams,
  type TokenOptions, type WebhookDelivery,
} from "./image-edits.js";
export type { EditFields, EditPriority, ImageInput, WebhookEventName } from "./form.js";
export type { JobEvent, JobEventName, StreamOptions, WaitOptions } from "./follow.js";
export { OvertimeError, type ClientErrorCode, type OvertimeErrorCode, type Problem } from "./errors.js";
export { ERROR_CODES } from "./generated/error-codes.js";
export { JOB_STATUSES } from "./generated/job-status.js";
export {
  isTerminal, TERMINAL_STATUSES, type AnswerMeta, type Attempt, type Batch, type ErrorCode, type Job, type JobAnswer,
  type JobCost, type JobError, type JobPage, type JobStatus, type Output, type PartialImage, type UpstreamModeration, type Usage,
} from "./types.js";
export {
  signWebhook, verifyWebhook, WebhookVerificationError, type HeaderSource, type VerifyOptions, type WebhookEvent,
  type WebhookEventType,
} from "./webhooks.js";
export type { UsageDimension, UsageGroup, UsageParams, UsageReport, UsageTotals } from "./usage.js";
export { JobWatcher, type WatchError, type WatchOptions } from "./watch.js";
export { parseRetryAfter } from "./retry-after.js";
export { SseParser, type SseEvent } from "./sse.js";
