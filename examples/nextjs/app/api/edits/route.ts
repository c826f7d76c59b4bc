import { OvertimeError } from "@overtime/client";
import { overtime } from "@/lib/overtime-server";

// The BFF route the original app had, minus the 504: it hands the upload to Overtime and answers 202 as soon
// as Overtime has stored the job (milliseconds), instead of calling OpenAI and waiting 40-120 s for the edit.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_PROMPT = 32_000;
/**
 * The upload is read whole before it is forwarded (the client wants Blobs), so it is bounded: hosts cap request
 * bodies lower anyway (Vercel 4.5 MB, Lambda-backed hosts about 6 MB). Over it: 413 before anything is read.
 */
const MAX_UPLOAD_BYTES = Number(process.env.MAX_UPLOAD_BYTES ?? 25 * 1024 * 1024);

export async function POST(request: Request): Promise<Response> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_UPLOAD_BYTES) {
    return problem(413, "PAYLOAD_TOO_LARGE", `Uploads are limited to ${MAX_UPLOAD_BYTES} bytes here.`);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return problem(400, "MALFORMED_MULTIPART", "Send multipart/form-data with image, optional mask, and prompt.");
  }
  const image = form.get("image");
  const mask = form.get("mask");
  const prompt = String(form.get("prompt") ?? "").slice(0, MAX_PROMPT + 1);
  if (!(image instanceof Blob) || image.size === 0) return problem(400, "IMAGE_REQUIRED", "Pick a photo first.", "image");

  try {
    const job = await overtime().imageEdits.create({
      image,
      mask: mask instanceof Blob && mask.size > 0 ? mask : undefined,
      prompt,
      size: "auto",
      quality: "low",
      partialImages: 2,
      // A browser that retries a submit (double click, flaky network) sends the same key: one job, not two.
      idempotencyKey: request.headers.get("Idempotency-Key") ?? undefined,
    });
    return Response.json(job, {
      status: 202,
      headers: {
        Location: `/api/overtime/v1/image-edits/${job.id}`,
        ...(job.retryAfterMs !== undefined && { "Retry-After": String(Math.ceil(job.retryAfterMs / 1000)) }),
      },
    });
  } catch (error) {
    if (error instanceof OvertimeError) {
      // Overtime's envelope as is (its code and message are made for showing); a missing answer is our 502.
      return problem(error.status || 502, error.code, error.message, error.param, error.requestId);
    }
    throw error;
  }
}

function problem(status: number, code: string, message: string, param?: string, requestId?: string): Response {
  return Response.json({ status, code, message, param, requestId, data: null },
    { status, headers: { "Content-Type": "application/problem+json" } });
}
