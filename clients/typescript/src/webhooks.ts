import type { Batch, Job, PartialImage } from "./types.js";

/** The type of a webhook message: "image_edit." + the job event it reports, or a batch's "batch.completed". */
export type WebhookEventType =
  | "image_edit.started"
  | "image_edit.succeeded"
  | "image_edit.failed"
  | "image_edit.canceled"
  | "image_edit.partial_image"
  | "batch.completed";

/**
 * The body of a webhook message: the job as GET /v1/image-edits/{id} answers it, or for "batch.completed" the batch
 * as GET /v1/image-edit-batches/{id} answers it, without its items.
 */
export interface WebhookEvent<T extends WebhookEventType = WebhookEventType> {
  type: T;
  /** When the message was made (ISO-8601). */
  timestamp: string;
  data: T extends "batch.completed" ? Batch
    : T extends "image_edit.partial_image" ? Job & { partialImage: PartialImage } : Job;
}

/** Headers in any shape a server framework hands them over: Fetch Headers, Node's object, or a Map. */
export type HeaderSource = Headers | Map<string, string> | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far webhook-timestamp may be from now, either way (default 300 s, as Standard Webhooks advises). */
  toleranceSeconds?: number;
  /** The current time in milliseconds (tests). */
  now?: number;
}

/** Thrown by {@link verifyWebhook} for anything that is not a genuine, fresh message. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
}

const encoder = new TextEncoder();

/**
 * Verifies a Standard Webhooks message (https://www.standardwebhooks.com/) and returns its parsed body.
 * Pass the raw body exactly as received (parse it only after verifying). {@link secret} is your
 * "whsec_…" signing secret; pass several while you rotate secrets on your side. The API signs with every
 * secret active for you during its own rotation grace, and any one valid signature is enough.
 */
export async function verifyWebhook(secret: string | readonly string[], rawBody: string | Uint8Array | ArrayBuffer,
                                    headers: HeaderSource, options: VerifyOptions = {}): Promise<WebhookEvent> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError("Missing webhook-id, webhook-timestamp or webhook-signature header.");
  }
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError("webhook-timestamp is not a number of seconds.");
  const tolerance = options.toleranceSeconds ?? 300;
  const age = Math.floor((options.now ?? Date.now()) / 1000) - Number(timestamp);
  if (Math.abs(age) > tolerance) {
    throw new WebhookVerificationError(`webhook-timestamp is ${age} s from now; more than ${tolerance} s.`);
  }
  const body = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  const presented = signatures.split(" ")
    .map((entry) => entry.split(",", 2))
    .filter((parts): parts is [string, string] => parts[0] === "v1" && typeof parts[1] === "string")
    .map(([, value]) => value);
  const secrets = typeof secret === "string" ? [secret] : secret;
  for (const candidate of secrets) {
    const expected = await sign(candidate, id, timestamp, body);
    if (presented.some((value) => constantTimeEqual(value, expected))) {
      return parse(body);
    }
  }
  throw new WebhookVerificationError("No webhook-signature matches the secret.");
}

/** The v1 signature of a message: base64(HMAC-SHA256(base64-decoded secret, id.timestamp.body)). */
export async function signWebhook(secret: string, id: string, timestamp: string | number, body: string): Promise<string> {
  return "v1," + (await sign(secret, id, String(timestamp), body));
}

async function sign(secret: string, id: string, timestamp: string, body: string): Promise<string> {
  const keyBytes = base64Decode(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
  const key = await crypto.subtle.importKey("raw", keyBytes as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" },
    false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestamp}.${body}`));
  return base64Encode(new Uint8Array(mac));
}

function parse(body: string): WebhookEvent {
  try {
    return JSON.parse(body) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError("The signed body is not JSON.");
  }
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers | Map<string, string>).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(" ") : value;
}

/** Compares without an early exit, so timing does not reveal how much of a forged signature was right. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function base64Decode(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64Encode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
