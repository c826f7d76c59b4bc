// Canceling a running edit, and what a canceled job looks like to every way of following it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Overtime } from "../../dist/index.js";
import { stack, newOwner, photo, withSimulatorLatency } from "../support/stack.mjs";

test("cancel ends a running edit canceled; wait resolves with it; a second cancel is a no-op", async () => {
  const { key } = await newOwner("ts-cancel");
  const overtime = new Overtime({ baseUrl: stack.apiUrl, apiKey: key });
  await withSimulatorLatency("30s", async () => {
    const created = await overtime.imageEdits.create({ image: photo(), prompt: "never mind" });
    // Follow until it runs, then stop following: an AbortSignal ends wait() with the caller's own reason.
    const controller = new AbortController();
    const seenRunning = new Error("seen it running");
    await assert.rejects(overtime.imageEdits.wait(created.id, {
      signal: controller.signal,
      timeoutMs: 20_000,
      onUpdate: (job) => { if (job.status === "running") controller.abort(seenRunning); },
    }), (e) => e === seenRunning);

    const canceled = await overtime.imageEdits.cancel(created.id);
    assert.equal(canceled.status, "canceled");
    assert.equal(canceled.httpStatus, 200);

    const followed = await overtime.imageEdits.wait(created.id, { timeoutMs: 10_000 });
    assert.equal(followed.status, "canceled");
    assert.equal((await overtime.imageEdits.cancel(created.id)).status, "canceled");
    await assert.rejects(overtime.imageEdits.output(created.id, 0), { status: 404, code: "NOT_FOUND" });
  });
});
