// Standard Webhooks verification: the specification's own test vector, rotation, forgeries and replays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { signWebhook, verifyWebhook, WebhookVerificationError } from "../../dist/index.js";

// The vector the Standard Webhooks reference libraries test against.
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const at = SPEC.timestamp * 1000;
const headers = (signature, extra = {}) => ({
  "webhook-id": SPEC.id, "webhook-timestamp": String(SPEC.timestamp), "webhook-signature": signature, ...extra,
});

test("signs the specification's vector exactly", async () => {
  assert.equal(await signWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body), SPEC.signature);
});

test("verifies the specification's vector and returns the parsed body", async () => {
  assert.deepEqual(await verifyWebhook(SPEC.secret, SPEC.body, headers(SPEC.signature), { now: at }), { test: 2432232314 });
});

test("accepts Fetch Headers, a Map, Node's object with arrays, and the body as bytes", async () => {
  const h = headers(SPEC.signature);
  const bytes = new TextEncoder().encode(SPEC.body);
  await verifyWebhook(SPEC.secret, bytes, new Headers(h), { now: at });
  await verifyWebhook(SPEC.secret, bytes.buffer, new Map(Object.entries(h)), { now: at });
  await verifyWebhook(SPEC.secret, SPEC.body, { ...h, "webhook-signature": [SPEC.signature] }, { now: at });
  await verifyWebhook(SPEC.secret, SPEC.body, { "Webhook-Id": SPEC.id, "Webhook-Timestamp": String(SPEC.timestamp),
    "Webhook-Signature": SPEC.signature }, { now: at });
});

test("during a rotation any one of several signatures may match; unknown versions are skipped", async () => {
  const other = await signWebhook("whsec_" + btoa("another secret of 32 bytes......"), SPEC.id, SPEC.timestamp, SPEC.body);
  const header = `v2,bm90IGEgdjE= ${other} ${SPEC.signature}`;
  await verifyWebhook(SPEC.secret, SPEC.body, headers(header), { now: at });
});

test("a receiver rotating its own secret may pass the old and the new one", async () => {
  const fresh = "whsec_" + btoa("a fresh secret, 32 bytes long..!");
  await verifyWebhook([fresh, SPEC.secret], SPEC.body, headers(SPEC.signature), { now: at });
});

test("a changed body, id or timestamp, or another secret, is refused", async () => {
  const refuse = (promise) => assert.rejects(promise, WebhookVerificationError);
  await refuse(verifyWebhook(SPEC.secret, SPEC.body.replace("2432232314", "2432232315"), headers(SPEC.signature), { now: at }));
  await refuse(verifyWebhook(SPEC.secret, SPEC.body, headers(SPEC.signature, { "webhook-id": "msg_other" }), { now: at }));
  await refuse(verifyWebhook(SPEC.secret, SPEC.body,
    headers(SPEC.signature, { "webhook-timestamp": String(SPEC.timestamp + 1) }), { now: at }));
  await refuse(verifyWebhook("whsec_" + btoa("not the secret used to sign it.."), SPEC.body, headers(SPEC.signature), { now: at }));
  await refuse(verifyWebhook(SPEC.secret, SPEC.body, headers("v1,"), { now: at }));
});

test("a message older or newer than the tolerance is refused (replay protection)", async () => {
  await assert.rejects(verifyWebhook(SPEC.secret, SPEC.body, headers(SPEC.signature), { now: at + 301_000 }),
    /from now; more than 300 s/);
  await assert.rejects(verifyWebhook(SPEC.secret, SPEC.body, headers(SPEC.signature), { now: at - 301_000 }),
    WebhookVerificationError);
  await verifyWebhook(SPEC.secret, SPEC.body, headers(SPEC.signature), { now: at + 3_600_000, toleranceSeconds: 3600 });
});

test("missing headers are refused before any crypto", async () => {
  await assert.rejects(verifyWebhook(SPEC.secret, SPEC.body, { "webhook-id": SPEC.id }, { now: at }), /Missing/);
});
