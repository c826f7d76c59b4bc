// Run by check-pack.sh in a scratch project where @overtime/client is installed from its packed tarball:
// what a user of the published package would write. OVERTIME_API_URL, OVERTIME_API_KEY, PHOTO.
import { readFile } from "node:fs/promises";
import { Overtime } from "@overtime/client";

const overtime = new Overtime({ baseUrl: process.env.OVERTIME_API_URL, apiKey: process.env.OVERTIME_API_KEY });
const job = await overtime.imageEdits.createAndWait({
  image: new Blob([await readFile(process.env.PHOTO)], { type: "image/png" }),
  prompt: "paint the circle sunset orange",
  timeoutMs: 120_000,
});
if (job.status !== "succeeded") throw new Error(`job ${job.id} ended ${job.status}: ${JSON.stringify(job.error)}`);
const bytes = new Uint8Array(await (await overtime.imageEdits.output(job.id, 0)).arrayBuffer());
const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
if (!signature.every((b, i) => bytes[i] === b)) throw new Error("output 0 is not a PNG");
if (new TextDecoder().decode(bytes.subarray(12, 16)) !== "IHDR") throw new Error("output 0 has no IHDR chunk first");
const view = new DataView(bytes.buffer, bytes.byteOffset);
console.log(JSON.stringify({ ok: true, id: job.id, status: job.status, bytes: bytes.length,
  width: view.getUint32(16), height: view.getUint32(20) }));
