// Overtime's page: plain ES modules, no build step. Talks to the same public API as any frontend.
const $ = (id) => document.getElementById(id);
const KEY_STORAGE = "overtime.apiKey";
const TERMINAL = new Set(["succeeded", "failed", "canceled"]);

const state = { key: null, file: null, image: null, painted: false, job: null, stream: null, pollTimer: null,
  objectUrls: [], startedAt: 0, tick: null };

// ---------------------------------------------------------------- API key

// A key may arrive in a link (./overtime up prints one): only in the fragment (#key=…), which never reaches a server
// log or a Referer header, and only taken once the person confirms it - else a link could silently swap their key
// for someone else's and send their images to that account. A key in the query string (?key=…) is never taken.
// Either way it leaves the address bar at once.
function loadKey() {
  const url = new URL(location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const offered = fragment.get("key");
  if (url.searchParams.has("key") || fragment.has("key")) {
    url.searchParams.delete("key");
    fragment.delete("key");
    const rest = fragment.toString();
    history.replaceState(null, "", url.pathname + url.search + (rest ? "#" + rest : ""));
  }
  state.key = localStorage.getItem(KEY_STORAGE);
  showKey();
  if (offered && offered !== state.key) offerKey(offered.trim());
  else if (!state.key) askKey();
}

function showKey() {
  $("key-chip").textContent = state.key ? "Key …" + state.key.slice(-4) : "Set API key";
}

function useKey(value) {
  localStorage.setItem(KEY_STORAGE, value);
  state.key = value;
  showKey();
  refreshRecent();
  updateSubmit();
}

function offerKey(offered) {
  $("offered-key").textContent = "…" + offered.slice(-4);
  $("offered-key-replaces").textContent = state.key
    ? `It replaces the key this browser uses now (…${state.key.slice(-4)}).`
    : "This browser has no key yet.";
  const dialog = $("offer-dialog");
  dialog.returnValue = "";
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "use") useKey(offered);
    else if (!state.key) askKey();
  }, { once: true });
  dialog.showModal();
}

function askKey() {
  $("key-input").value = state.key || "";
  $("key-dialog").showModal();
}

$("key-form").addEventListener("submit", () => {
  const value = $("key-input").value.trim();
  if (value) useKey(value);
});
$("key-chip").addEventListener("click", askKey);

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}), Authorization: "Bearer " + state.key };
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) askKey();
  return response;
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.message || problem.title || response.statusText;
  } catch {
    return response.status + " " + response.statusText;
  }
}

// ---------------------------------------------------------------- image and mask

const dropzone = $("dropzone");
const photo = $("photo-canvas");
const mask = $("mask-canvas");

dropzone.addEventListener("click", () => { if (!state.image) $("file").click(); });
dropzone.addEventListener("keydown", (e) => { if (e.key === "Enter" && !state.image) $("file").click(); });
$("replace-image").addEventListener("click", () => $("file").click());
$("file").addEventListener("change", (e) => e.target.files[0] && useFile(e.target.files[0]));
dropzone.addEventListener("dragover", (e) => { e.preventDefault(); dropzone.classList.add("over"); });
dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
dropzone.addEventListener("drop", (e) => {
  e.preventDefault();
  dropzone.classList.remove("over");
  if (e.dataTransfer.files[0]) useFile(e.dataTransfer.files[0]);
});

async function useFile(file) {
  const bitmap = await createImageBitmap(file).catch(() => null);
  if (!bitmap) {
    $("form-error").textContent = "That file is not an image this browser can read.";
    return;
  }
  state.file = file;
  state.image = bitmap;
  for (const canvas of [photo, mask]) {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
  }
  photo.getContext("2d").drawImage(bitmap, 0, 0);
  clearMask();
  $("stage").hidden = false;
  dropzone.querySelector(".dropzone-hint").hidden = true;
  dropzone.classList.add("loaded");
  $("toolbar").hidden = false;
  $("mask-hint").hidden = false;
  $("form-error").textContent = "";
  updateSubmit();
}

function clearMask() {
  mask.getContext("2d").clearRect(0, 0, mask.width, mask.height);
  state.painted = false;
}
$("clear-mask").addEventListener("click", clearMask);

const brush = $("brush");
brush.addEventListener("input", () => { $("brush-size").textContent = brush.value; });

let last = null;
function toImage(e) {
  const box = mask.getBoundingClientRect();
  return { x: (e.clientX - box.left) * (mask.width / box.width), y: (e.clientY - box.top) * (mask.height / box.height),
    scale: mask.width / box.width };
}
function stroke(from, to) {
  const ctx = mask.getContext("2d");
  // Opaque strokes on a translucent canvas (see app.css): overlaps do not darken.
  ctx.strokeStyle = "rgb(109, 93, 252)";
  ctx.lineCap = ctx.lineJoin = "round";
  ctx.lineWidth = brush.value * to.scale;
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
  state.painted = true;
}
mask.addEventListener("pointerdown", (e) => {
  mask.setPointerCapture(e.pointerId);
  last = toImage(e);
  stroke(last, last);
});
mask.addEventListener("pointermove", (e) => {
  if (!last) return;
  const next = toImage(e);
  stroke(last, next);
  last = next;
});
for (const end of ["pointerup", "pointercancel", "pointerleave"]) mask.addEventListener(end, () => { last = null; });

/** The mask OpenAI expects: same size as the image, fully transparent where painted, opaque elsewhere. */
function maskPng() {
  const out = document.createElement("canvas");
  out.width = mask.width;
  out.height = mask.height;
  const painted = mask.getContext("2d").getImageData(0, 0, mask.width, mask.height).data;
  const ctx = out.getContext("2d");
  const pixels = ctx.createImageData(out.width, out.height);
  for (let i = 0; i < painted.length; i += 4) {
    pixels.data[i + 3] = painted[i + 3] > 0 ? 0 : 255; // black, opaque unless painted
  }
  ctx.putImageData(pixels, 0, 0);
  return new Promise((resolve) => out.toBlob(resolve, "image/png"));
}

// ---------------------------------------------------------------- presets (optional endpoint)

async function loadPresets() {
  if (!state.key) return;
  const response = await api("/v1/presets").catch(() => null);
  if (!response || !response.ok) return; // no presets here: the prompt alone will do
  const body = await response.json();
  const presets = body.data || body.presets || body;
  if (!Array.isArray(presets) || presets.length === 0) return;
  const select = $("preset");
  for (const preset of presets) {
    const option = document.createElement("option");
    option.value = preset.id || preset.name;
    option.textContent = preset.title || preset.name || preset.id;
    option.dataset.prompt = preset.prompt || "";
    select.append(option);
  }
  $("preset-row").hidden = false;
  select.addEventListener("change", () => {
    const chosen = select.selectedOptions[0];
    if (chosen && chosen.dataset.prompt) $("prompt").value = chosen.dataset.prompt;
    updateSubmit();
  });
}

// ---------------------------------------------------------------- submit

// An image on the web needs no upload: the worker fetches it (no preview or mask here: the page may only show
// images from itself, by its Content-Security-Policy).
function imageUrl() {
  return state.file ? "" : $("image-url").value.trim();
}

function presetPrompt() {
  const chosen = $("preset").selectedOptions[0];
  return (chosen && chosen.dataset.prompt) || "";
}

function updateSubmit() {
  $("submit").disabled = !(state.key && (state.file || imageUrl()) && ($("prompt").value.trim() || presetPrompt()));
}
$("prompt").addEventListener("input", updateSubmit);
$("image-url").addEventListener("input", updateSubmit);

$("submit").addEventListener("click", async () => {
  $("form-error").textContent = "";
  $("submit").disabled = true;
  $("submit").textContent = "Sending…";
  try {
    const form = new FormData();
    if (state.file) {
      form.append("image", state.file, state.file.name || "image.png");
      if (state.painted) form.append("mask", await maskPng(), "mask.png");
    } else {
      form.append("image_url", imageUrl());
    }
    // The API takes a prompt, not a preset's name: a preset only fills the prompt in (the API refused "preset").
    form.append("prompt", $("prompt").value.trim() || presetPrompt());
    form.append("model", $("model").value);
    form.append("size", $("size").value);
    if ($("quality").value) form.append("quality", $("quality").value);
    const response = await api("/v1/image-edits", { method: "POST", body: form });
    if (!response.ok) {
      $("form-error").textContent = await problemText(response);
      return;
    }
    const job = await response.json();
    showDegraded(response, job);
    follow(job);
    refreshRecent();
  } catch (e) {
    $("form-error").textContent = "Could not reach Overtime: " + e.message;
  } finally {
    $("submit").textContent = "Edit image";
    updateSubmit();
  }
});

function showDegraded(response, job) {
  const degraded = (job && job.degraded === true) || (response && response.headers.get("Overtime-Degraded"));
  if (degraded) $("degraded").hidden = false;
}

// ---------------------------------------------------------------- following a job

function stopFollowing() {
  if (state.stream) state.stream.close();
  clearTimeout(state.pollTimer);
  clearInterval(state.tick);
  state.stream = null;
}

function follow(job) {
  stopFollowing();
  state.objectUrls.forEach(URL.revokeObjectURL);
  state.objectUrls = [];
  state.job = job;
  state.startedAt = Date.parse(job.createdAt) || Date.now();
  $("empty-state").hidden = true;
  $("job").hidden = false;
  $("degraded").hidden = !job.degraded;
  $("result").hidden = true;
  $("partials").hidden = true;
  $("partials").replaceChildren();
  $("job-error").textContent = "";
  render(job);
  if (TERMINAL.has(job.status)) return;
  state.tick = setInterval(() => render(state.job), 1000);
  streamEvents(job.id);
}

/**
 * A token that reads only this job, for URLs: EventSource cannot send headers, and the API refuses a full key in a
 * URL (URLs end up in logs and history). Null when it can't be had: the caller then polls with the header.
 */
async function jobToken(id) {
  try {
    const response = await api(`/v1/image-edits/${id}/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ttlSeconds: 3600 }),
    });
    return response.ok ? (await response.json()).token : null;
  } catch (e) {
    return null;
  }
}

/** Live progress over Server-Sent Events; polling with Retry-After when the stream is unavailable. */
async function streamEvents(id) {
  if (!("EventSource" in window)) return poll(id, 1);
  const token = await jobToken(id);
  // Followed something else meanwhile, or no token: nothing to stream here.
  if (!state.job || state.job.id !== id || TERMINAL.has(state.job.status)) return;
  if (!token) return poll(id, 1);
  let heard = false;
  // An expired token makes the reconnect fail: onerror below falls back to polling.
  const source = new EventSource(`/v1/image-edits/${id}/events?access_token=${encodeURIComponent(token)}`);
  state.stream = source;
  const onJob = (e) => {
    heard = true;
    const job = JSON.parse(e.data);
    update(job);
    if (TERMINAL.has(job.status)) source.close();
  };
  for (const name of ["queued", "running", "succeeded", "failed", "canceled"]) source.addEventListener(name, onJob);
  source.addEventListener("partial_image", (e) => {
    heard = true;
    const job = JSON.parse(e.data);
    if (job.partialImage) showPartial(job.partialImage);
    update(job);
  });
  source.onerror = () => {
    if (TERMINAL.has(state.job.status)) return source.close();
    if (!heard || source.readyState === EventSource.CLOSED) {
      source.close();
      poll(id, 1);
    }
  };
}

async function poll(id, delaySeconds) {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(async () => {
    try {
      const response = await api(`/v1/image-edits/${id}`);
      if (!response.ok) throw new Error(await problemText(response));
      const job = await response.json();
      showDegraded(response, job);
      update(job);
      if (!TERMINAL.has(job.status)) poll(id, Number(response.headers.get("Retry-After")) || 3);
    } catch (e) {
      poll(id, 5);
    }
  }, delaySeconds * 1000);
}

function update(job) {
  if (!state.job || job.id !== state.job.id) return;
  state.job = job;
  if (job.degraded) $("degraded").hidden = false;
  render(job);
  if (TERMINAL.has(job.status)) {
    clearInterval(state.tick);
    refreshRecent();
    if (job.status === "succeeded") showResult(job);
    else $("job-error").textContent = job.error ? `${job.error.code}: ${job.error.message}` : "The edit " + job.status + ".";
  }
}

function render(job) {
  const pill = $("status-pill");
  pill.textContent = job.status;
  pill.className = "pill " + job.status;
  const seconds = Math.max(0, Math.round((Date.now() - state.startedAt) / 1000));
  const detail = job.status === "queued"
    ? (job.queuePosition ? `#${job.queuePosition} in the queue · ${seconds}s` : `waiting for a worker · ${seconds}s`)
    : job.status === "running" ? `the model is editing · ${seconds}s`
    : job.status === "succeeded" ? "done" : "";
  $("status-detail").textContent = detail;
  const order = ["queued", "running", "done"];
  const current = TERMINAL.has(job.status) ? 2 : order.indexOf(job.status);
  document.querySelectorAll("#steps li").forEach((li, i) => {
    li.className = i < current ? "done" : i === current ? (job.status === "failed" || job.status === "canceled" ? "failed" : TERMINAL.has(job.status) ? "done" : "active") : "";
  });
  const bar = $("bar-fill");
  bar.parentElement.classList.toggle("indeterminate", job.status === "running");
  bar.parentElement.classList.toggle("finished", TERMINAL.has(job.status));
  bar.style.width = job.status === "queued" ? "8%" : TERMINAL.has(job.status) ? "100%" : "";
}

async function authorizedImage(url) {
  const response = await api(url);
  if (!response.ok) throw new Error(await problemText(response));
  const objectUrl = URL.createObjectURL(await response.blob());
  state.objectUrls.push(objectUrl);
  return objectUrl;
}

async function showPartial(partial) {
  const img = document.createElement("img");
  img.alt = "Partial image " + (partial.index + 1);
  img.src = await authorizedImage(partial.url).catch(() => "");
  $("partials").append(img);
  $("partials").hidden = false;
}

async function showResult(job) {
  const output = job.outputs && job.outputs[0];
  if (!output) return;
  const src = await authorizedImage(output.url);
  const img = $("result-image");
  img.src = src;
  const ext = (output.contentType || "image/png").split("/")[1];
  $("download").href = src;
  $("download").download = `overtime-${job.id}.${ext}`;
  $("result-meta").textContent = `${output.width} × ${output.height} · ${(output.bytes / 1024).toFixed(0)} KB` +
    (job.usage ? ` · ${job.usage.totalTokens} tokens` : "");
  $("result").hidden = false;
}

// ---------------------------------------------------------------- recent jobs

function ago(iso) {
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return Math.round(seconds / 60) + " min ago";
  if (seconds < 86400) return Math.round(seconds / 3600) + " h ago";
  return new Date(iso).toLocaleDateString();
}

async function refreshRecent() {
  if (!state.key) return;
  const response = await api("/v1/image-edits?limit=8").catch(() => null);
  if (!response || !response.ok) return;
  const page = await response.json();
  const list = $("recent-list");
  if (!page.data.length) {
    list.innerHTML = '<li class="muted">Nothing yet: your edits will be listed here.</li>';
    return;
  }
  list.replaceChildren(...page.data.map((job) => {
    const li = document.createElement("li");
    const thumb = document.createElement("img");
    thumb.className = "thumb";
    thumb.alt = "";
    if (job.status === "succeeded") authorizedImage(`/v1/image-edits/${job.id}/outputs/0`).then((src) => { thumb.src = src; }).catch(() => {});
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.innerHTML = `<div class="prompt"></div><div class="when"><span class="pill ${job.status}">${job.status}</span><span>${ago(job.createdAt)}</span></div>`;
    meta.querySelector(".prompt").textContent = job.prompt;
    li.append(thumb, meta);
    li.addEventListener("click", async () => {
      const full = await api(`/v1/image-edits/${job.id}`);
      if (full.ok) follow(await full.json());
    });
    return li;
  }));
}
$("refresh-recent").addEventListener("click", refreshRecent);

loadKey();
loadPresets();
refreshRecent();
updateSubmit();
