// Coordinates of the running local stack, for the tests that talk to real servers. From the environment
// (OVERTIME_API_URL, OVERTIME_API_KEY, OVERTIME_ADMIN_TOKEN, OVERTIME_SIMULATOR_URL) or else from the
// .overtime/stack.env that `./overtime up` writes at the repository root. Missing coordinates fail the run:
// these tests never skip.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
export const SAMPLES = join(REPO_ROOT, "samples");

function stackEnv() {
  const file = join(REPO_ROOT, ".overtime", "stack.env");
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, "utf8").split("\n")
    .map((line) => line.match(/^([A-Z_]+)=(.*)$/)).filter(Boolean).map((m) => [m[1], m[2]]));
}

const fromFile = stackEnv();
const pick = (...values) => values.find((v) => v !== undefined && v !== "");

export const stack = {
  apiUrl: pick(process.env.OVERTIME_API_URL, fromFile.API_URL),
  apiKey: pick(process.env.OVERTIME_API_KEY, fromFile.API_KEY),
  adminToken: pick(process.env.OVERTIME_ADMIN_TOKEN, fromFile.OVERTIME_API_ADMIN_TOKEN),
  simulatorUrl: pick(process.env.OVERTIME_SIMULATOR_URL, fromFile.OPENAI_BASE_URL?.replace(/\/v1\/?$/, "")),
};
for (const [name, value] of Object.entries(stack)) {
  if (!value) throw new Error(`stack coordinate ${name} is missing: set OVERTIME_API_URL, OVERTIME_API_KEY, ` +
    `OVERTIME_ADMIN_TOKEN and OVERTIME_SIMULATOR_URL, or run ./overtime up (writes .overtime/stack.env)`);
}

export const photo = () => readFileSync(join(SAMPLES, "photo.png"));
export const mask = () => readFileSync(join(SAMPLES, "mask.png"));

async function admin(path, body) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${stack.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** A fresh owner with its own API key, so each test sees only its own jobs. */
export async function newOwner(prefix) {
  const owner = `${prefix}-${randomUUID().slice(0, 8)}`;
  const { key } = await admin("/admin/api-keys", { owner });
  return { owner, key };
}

/** Creates or rotates the owner's webhook signing secret; returns the new whsec_ secret. */
export async function rotateWebhookSecret(owner) {
  return (await admin("/admin/webhook-secrets", { owner })).secret;
}

/**
 * Runs fn with the simulator's edit latency set (e.g. "3s"), then restores what it was. A slow edit is how a
 * test gets a job that is still running when it acts; the tests run one file at a time, so no test sees another's.
 */
export async function withSimulatorLatency(latency, fn) {
  const config = `${stack.simulatorUrl}/__simulator/config`;
  const put = async (value) => {
    const response = await fetch(config, { method: "PUT", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ latency: value }) });
    if (!response.ok) throw new Error(`PUT ${config} answered ${response.status}`);
  };
  const before = (await (await fetch(config)).json()).latency;
  await put(latency);
  try {
    return await fn();
  } finally {
    await put(before);
  }
}

/** The width and height of a PNG after checking its signature and that its first chunk is IHDR. */
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error("not a PNG: bad signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || new TextDecoder().decode(bytes.subarray(12, 16)) !== "IHDR") {
    throw new Error("not a PNG: the first chunk is not a 13-byte IHDR");
  }
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
