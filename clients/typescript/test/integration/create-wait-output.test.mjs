// The whole happy path against the running stack: submit, follow, download, look up, list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { stack, newOwner, photo, mask, pngSize } from "../support/stack.mjs";

test("create → wait → output: the edit succeeds and output 0 is a PNG of the job's size", async () => {
  const { key } = await newOwner("ts-happy");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });

  const started = Date.now();
  const created = await overtime.imageEdits.create({ image: new Blob([photo()], { type: "image/png" }), mask: mask(),
    prompt: "paint the circle sunset orange", size: "auto", quality: "low" });
  assert.ok(Date.now() - started < 5000, "a 202 in milliseconds, not an edit's duration");
  assert.equal(created.httpStatus, 202);
  assert.equal(created.status, "queued");
  assert.ok(created.retryAfterMs > 0, "Retry-After on the 202");
  assert.match(created.etag, /^".+"$/);

  const seen = [];
  const done = await overtime.imageEdits.wait(created.id, { onUpdate: (job) => seen.push(job.status), timeoutMs: 60_000 });
  assert.equal(done.status, "succeeded");
  assert.equal(seen.at(-1), "succeeded");
  assert.equal(done.outputs.length, 1);

  const image = await overtime.imageEdits.output(done.id, 0);
  assert.equal(image.type, "image/png");
  const bytes = new Uint8Array(await image.arrayBuffer());
  assert.equal(bytes.length, done.outputs[0].bytes);
  assert.deepEqual(pngSize(bytes), { width: done.outputs[0].width, height: done.outputs[0].height });

  // A second GET sends the ETag back: 304, answered with the job already seen.
  const first = await overtime.imageEdits.get(done.id);
  const again = await overtime.imageEdits.get(done.id);
  assert.equal(again.httpStatus, 304);
  assert.equal(again.etag, first.etag);
  assert.equal(again.status, "succeeded");

  const page = await overtime.imageEdits.list({ limit: 10 });
  assert.deepEqual(page.data.map((j) => j.id), [done.id]);
  assert.equal(page.hasMore, false);
});

test("createAndWait with n=2 over Prefer: wait and a job listing across pages", async () => {
  const { key } = await newOwner("ts-wait");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });
  const statuses = [];
  const job = await overtime.imageEdits.createAndWait({ image: photo(), prompt: "two versions", n: 2,
    onUpdate: (j) => statuses.push(j.status), timeoutMs: 60_000 });
  assert.equal(job.status, "succeeded");
  assert.equal(statuses[0], "queued");
  assert.equal(statuses.at(-1), "succeeded");
  assert.deepEqual(job.outputs.map((o) => o.index), [0, 1]);
  pngSize(new Uint8Array(await (await overtime.imageEdits.output(job.id, 1)).arrayBuffer()));

  // Prefer: wait on a finished job answers at once with it.
  const held = await overtime.imageEdits.get(job.id, { waitSeconds: 5 });
  assert.equal(held.status, "succeeded");

  const second = await overtime.imageEdits.create({ image: photo(), prompt: "another", waitSeconds: 20 });
  assert.equal(second.status, "succeeded", "Prefer: wait=20 held the submit until the (fast) edit finished");
  assert.equal(second.httpStatus, 200);

  const ids = [];
  for await (const page of overtime.imageEdits.list({ limit: 1 })) ids.push(...page.data.map((j) => j.id));
  assert.deepEqual(ids, [second.id, job.id], "newest first, one page each");
});
