// The API's refusals reach the caller as OvertimeError with its stable codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Overtime, OvertimeError } from "../../dist/index.js";
import { stack, newOwner, photo } from "../support/stack.mjs";

const isProblem = (status, code, param) => (error) => {
  assert.ok(error instanceof OvertimeError, String(error));
  assert.equal(error.status, status);
  assert.equal(error.code, code);
  if (param) assert.equal(error.param, param);
  assert.match(error.requestId, /^req_/, "every refusal names its request");
  assert.ok(error.message.length > 0);
  return true;
};

test("400: no prompt is PROMPT_REQUIRED, bytes that are not an image are INVALID_IMAGE", async () => {
  const { key } = await newOwner("ts-errors");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });
  await assert.rejects(overtime.imageEdits.create({ image: photo(), prompt: "" }), isProblem(400, "PROMPT_REQUIRED", "prompt"));
  await assert.rejects(overtime.imageEdits.create({ image: new TextEncoder().encode("not a picture"), prompt: "p" }),
    isProblem(400, "INVALID_IMAGE", "image"));
  await assert.rejects(overtime.imageEdits.create({ image: photo(), prompt: "p", model: "dall-e-1" }),
    isProblem(400, "UNKNOWN_MODEL", "model"));
  await assert.rejects(async () => overtime.imageEdits.list({ limit: 1000 }), isProblem(400, "INVALID_PARAMETER", "limit"));
  assert.deepEqual((await overtime.imageEdits.list()).data, [], "nothing is stored for a refused request");
});

test("401: an unknown key is UNAUTHENTICATED on REST calls and on the event stream, without a polling detour", async () => {
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: "ovt_not_a_key" });
  await assert.rejects(overtime.imageEdits.create({ image: photo(), prompt: "p" }), isProblem(401, "UNAUTHENTICATED"));
  await assert.rejects(overtime.imageEdits.get(randomUUID()), isProblem(401, "UNAUTHENTICATED"));
  let fellBack = false;
  await assert.rejects(overtime.imageEdits.wait(randomUUID(), { onFallback: () => { fellBack = true; } }),
    isProblem(401, "UNAUTHENTICATED"));
  assert.equal(fellBack, false);
});

test("404: a job that does not exist, or is someone else's, is NOT_FOUND everywhere", async () => {
  const mine = await newOwner("ts-404-a");
  const theirs = await newOwner("ts-404-b");
  const owner = new Overtime({ baseUrl: stack.apiUrl, apiKey: mine.key });
  const stranger = new Overtime({ baseUrl: stack.apiUrl, apiKey: theirs.key });
  const job = await owner.imageEdits.create({ image: photo(), prompt: "mine" });
  for (const id of [randomUUID(), job.id]) {
    await assert.rejects(stranger.imageEdits.get(id), isProblem(404, "NOT_FOUND"));
    await assert.rejects(stranger.imageEdits.cancel(id), isProblem(404, "NOT_FOUND"));
    await assert.rejects(stranger.imageEdits.output(id, 0), isProblem(404, "NOT_FOUND"));
    await assert.rejects(stranger.imageEdits.wait(id), isProblem(404, "NOT_FOUND"));
  }
  await owner.imageEdits.wait(job.id, { timeoutMs: 60_000 });
  await assert.rejects(owner.imageEdits.output(job.id, 5), isProblem(404, "NOT_FOUND"));
});

test("Idempotency-Key: the same request replays the first answer, a different one is IDEMPOTENCY_KEY_REUSED", async () => {
  const { key } = await newOwner("ts-idem");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });
  const idempotencyKey = randomUUID();
  const first = await overtime.imageEdits.create({ image: photo(), prompt: "once", idempotencyKey });
  const replay = await overtime.imageEdits.create({ image: photo(), prompt: "once", idempotencyKey });
  assert.equal(replay.id, first.id);
  assert.equal(replay.replayed, true);
  assert.equal(first.replayed, false);
  await assert.rejects(overtime.imageEdits.create({ image: photo(), prompt: "twice", idempotencyKey }),
    isProblem(422, "IDEMPOTENCY_KEY_REUSED"));
  const page = await overtime.imageEdits.list();
  assert.equal(page.data.length, 1, "one job for three submits");
});
