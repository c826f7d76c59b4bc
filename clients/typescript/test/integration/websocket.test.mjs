// Several jobs over one WebSocket, against the running stack (node --experimental-websocket on Node 20).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Overtime } from "../../dist/index.js";
import { stack, newOwner, photo } from "../support/stack.mjs";

test("one socket follows two jobs to succeeded; an unknown job is NOT_FOUND; a bad key is refused", async () => {
  const { key } = await newOwner("ts-ws");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });
  const a = await overtime.imageEdits.create({ image: photo(), prompt: "first" });
  const b = await overtime.imageEdits.create({ image: photo(), prompt: "second" });
  const missing = randomUUID();

  const finished = new Map();
  const errors = [];
  let watcher;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not done: ${[...finished.keys()]} ${JSON.stringify(errors)}`)), 60_000);
    const check = () => { if (finished.size === 2 && errors.length === 1) { clearTimeout(timer); resolve(); } };
    watcher = overtime.watch({
      onEvent: (event) => { if (event.event === "succeeded") finished.set(event.jobId, event.job); check(); },
      onError: (error) => { errors.push(error); check(); },
    });
    for (const id of [a.id, b.id, missing]) watcher.subscribe(id);
  });
  watcher.close();
  assert.deepEqual([...finished.keys()].sort(), [a.id, b.id].sort());
  assert.ok([...finished.values()].every((job) => job.outputs.length === 1));
  assert.deepEqual(errors.map((e) => [e.code, e.jobId]), [["NOT_FOUND", missing]]);
  assert.deepEqual(watcher.following, []);

  const refused = new Overtime({ baseUrl: stack.apiUrl, apiKey: "ovt_not_a_key" }).watch({ onEvent: () => {} });
  await assert.rejects(refused.ready, { code: "UNAUTHENTICATED" });
});
