/** Bytes the client can upload: a Blob or File (browsers, Node), or raw bytes. */
export type ImageInput = Blob | Uint8Array | ArrayBuffer;

/** Names a webhook may subscribe to; "completed" = succeeded, failed and canceled (the default). */
export type WebhookEventName = "started" | "succeeded" | "failed" | "canceled" | "partial_image" | "completed";

/** Suggestions for the known values; any string is sent, and the API says which it takes. */
type Open<T extends string> = T | (string & {});

/** The fields of POST /v1/image-edits: OpenAI's image edit form, plus Overtime's options. */
export interface EditFields {
  /** One image, or several (sent as image[]). */
  image?: ImageInput | ImageInput[] | null;
  /**
   * Images by URL instead of bytes (sent as image_url); the worker fetches them (public http/https hosts only).
   * One that can't be fetched ends the job failed with INPUT_FETCH_FAILED or INVALID_IMAGE.
   */
  imageUrl?: string | string[];
  /** PNG with alpha, same size as the first image: transparent = edit here. */
  mask?: ImageInput | null;
  /** The mask by URL (sent as mask_url), fetched like {@link imageUrl}. */
  maskUrl?: string;
  prompt: string;
  model?: Open<"gpt-image-1.5" | "gpt-image-1-mini" | "gpt-image-2" | "chatgpt-image-latest">;
  n?: number;
  size?: Open<"auto" | "1024x1024" | "1536x1024" | "1024x1536">;
  quality?: Open<"auto" | "low" | "medium" | "high">;
  background?: Open<"auto" | "transparent" | "opaque">;
  outputFormat?: Open<"png" | "jpeg" | "webp">;
  /** 0-100, jpeg and webp only. */
  outputCompression?: number;
  inputFidelity?: Open<"low" | "high">;
  /** 0-3 partial images streamed while the edit runs (SSE partial_image events). */
  partialImages?: number;
  /** Your end user's id, passed upstream for abuse monitoring. */
  user?: string;
  /** Where to POST signed lifecycle messages; a URL, or a URL and the events wanted. */
  webhook?: string | { url: string; events?: WebhookEventName[] };
  /** Not started within this many seconds: canceled with DEADLINE_EXCEEDED. */
  deadlineSeconds?: number;
  /** Identical inputs and parameters to one of your recent succeeded jobs: that job at once (200), no new edit. */
  reuse?: boolean;
  /** Sized copies of each output, "<longest side>.<png|jpg>" such as "256.png" (never upscaled; no webp). */
  variants?: string[];
  /**
   * Where this edit goes among your own queued edits (higher first, then in submission order); it never puts you
   * ahead of another account. Absent: normal (or your account's maxPriority when lower). Above your account's
   * maxPriority the submit fails with PRIORITY_NOT_ALLOWED (403).
   */
  priority?: EditPriority;
}

/** An edit's priority among its owner's queued edits. */
export type EditPriority = "low" | "normal" | "high";

/** The multipart body of a submit; field names are the API's (OpenAI's) snake_case. */
export function editForm(fields: EditFields): FormData {
  const form = new FormData();
  // null counts as absent, so form.get("mask") can be passed straight through from a FormData.
  const images = fields.image == null ? [] : Array.isArray(fields.image) ? fields.image : [fields.image];
  images.forEach((image, i) => {
    form.append(images.length > 1 ? "image[]" : "image", toBlob(image), fileName(image, `image-${i}`));
  });
  for (const url of fields.imageUrl == null ? [] : ([] as string[]).concat(fields.imageUrl)) {
    form.append("image_url", url);
  }
  if (fields.mask != null) form.append("mask", toBlob(fields.mask), fileName(fields.mask, "mask"));
  const text: Record<string, string | number | boolean | undefined> = {
    mask_url: fields.maskUrl,
    prompt: fields.prompt,
    model: fields.model,
    n: fields.n,
    size: fields.size,
    quality: fields.quality,
    background: fields.background,
    output_format: fields.outputFormat,
    output_compression: fields.outputCompression,
    input_fidelity: fields.inputFidelity,
    partial_images: fields.partialImages,
    user: fields.user,
    deadline: fields.deadlineSeconds,
    reuse: fields.reuse,
    variants: fields.variants?.length ? fields.variants.join(",") : undefined,
    priority: fields.priority,
  };
  if (typeof fields.webhook === "string") {
    text["webhook"] = fields.webhook;
  } else if (fields.webhook) {
    text["webhook"] = fields.webhook.url;
    if (fields.webhook.events?.length) text["webhook_events"] = fields.webhook.events.join(",");
  }
  for (const [name, value] of Object.entries(text)) {
    if (value != null) form.append(name, String(value));
  }
  return form;
}

function toBlob(input: ImageInput): Blob {
  if (input instanceof Blob) return input;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: sniff(bytes) ?? "application/octet-stream" });
}

/** The API reads the content, not the name; the name only appears in its error messages. */
function fileName(input: ImageInput, fallback: string): string {
  const named = (input as { name?: unknown }).name;
  if (typeof named === "string" && named !== "") return named;
  const type = input instanceof Blob ? input.type : sniff(input instanceof Uint8Array ? input : new Uint8Array(input));
  const extension = { "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp" }[type ?? ""] ?? "";
  return fallback + extension;
}

function sniff(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57 && bytes[9] === 0x45) return "image/webp";
  return undefined;
}
