// verifyWebhook against messages the API itself signed and delivered to a local receiver, across a rotation.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Overtime, verifyWebhook, WebhookVerificationError } from "../../dist/index.js";
import { stack, newOwner, photo, rotateWebhookSecret } from "../support/stack.mjs";

/** An HTTP receiver on a free loopback port that keeps every request's raw body and headers. */
async function receiver() {
  const received = [];
  const waiters = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/hooks/overtime`;
  /** Resolves once a message matching predicate has arrived. */
  const until = async (predicate, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching webhook within ${timeoutMs} ms; got ${received.length}`);
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 500); });
    }
  };
  return { url, received, until, close: () => new Promise((resolve) => server.close(resolve)) };
}

const hooks = await receiver();
after(() => hooks.close());

const jobIdOf = (message) => JSON.parse(message.body).data.id;

test("messages the API signs verify with the owner's secret; a tampered one does not", async () => {
  const { owner, key } = await newOwner("ts-hooks");
  const secret = await rotateWebhookSecret(owner);
  assert.match(secret, /^whsec_/);
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });

  const job = await overtime.imageEdits.createAndWait({ image: photo(), prompt: "tell me when done",
    webhook: { url: hooks.url, events: ["started", "completed"] }, timeoutMs: 60_000 });
  assert.equal(job.status, "succeeded");

  const done = await hooks.until((m) => jobIdOf(m) === job.id && JSON.parse(m.body).type === "image_edit.succeeded");
  const event = await verifyWebhook(secret, done.body, done.headers);
  assert.equal(event.type, "image_edit.succeeded");
  assert.equal(event.data.id, job.id);
  assert.equal(event.data.status, "succeeded");
  assert.equal(event.data.outputs.length, 1);

  const started = await hooks.until((m) => jobIdOf(m) === job.id && JSON.parse(m.body).type === "image_edit.started");
  assert.equal((await verifyWebhook(secret, started.body, new Headers(started.headers))).type, "image_edit.started");

  await assert.rejects(verifyWebhook(secret, done.body.replace('"succeeded"', '"failed"'), done.headers), WebhookVerificationError);
  await assert.rejects(verifyWebhook(await rotateWebhookSecret(`${owner}-other`), done.body, done.headers), WebhookVerificationError);

  const log = await overtime.imageEdits.webhookDeliveries(job.id);
  assert.ok(log.some((d) => d.event === "succeeded" && d.status === "delivered"), JSON.stringify(log));
});

test("after a rotation the API signs with the old and the new secret, and either verifies", async () => {
  const { owner, key } = await newOwner("ts-rotate");
  const oldSecret = await rotateWebhookSecret(owner);
  const newSecret = await rotateWebhookSecret(owner);
  assert.notEqual(oldSecret, newSecret);
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });

  const job = await overtime.imageEdits.createAndWait({ image: photo(), prompt: "rotate", webhook: hooks.url, timeoutMs: 60_000 });
  const message = await hooks.until((m) => jobIdOf(m) === job.id);
  assert.equal(message.headers["webhook-signature"].split(" ").length, 2, "one signature per active secret");
  assert.equal((await verifyWebhook(newSecret, message.body, message.headers)).data.id, job.id);
  assert.equal((await verifyWebhook(oldSecret, message.body, message.headers)).data.id, job.id);
  assert.equal((await verifyWebhook([newSecret, oldSecret], message.body, message.headers)).type, "image_edit.succeeded");
});
