"use client";

import { Overtime, OvertimeError, type Job } from "@overtime/client";
import { useEffect, useRef, useState, type PointerEvent } from "react";
import { hasPaint, maskFromStrokes } from "./mask";

// Follows jobs through this app's own proxy (app/api/overtime/...): no key in the browser, no CORS.
// NEXT_PUBLIC_OVERTIME_TRANSPORT=poll skips the event stream where the host buffers streamed responses.
const overtime = new Overtime({ baseUrl: "/api/overtime" });
const transport = process.env.NEXT_PUBLIC_OVERTIME_TRANSPORT === "poll" ? "poll" : "auto";

type Phase = "idle" | "submitting" | "following" | "done" | "error";

interface Step {
  status: string;
  at: number;
}

export function Editor() {
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [maskFile, setMaskFile] = useState<File | null>(null);
  const [prompt, setPrompt] = useState("paint the circle sunset orange");
  const [phase, setPhase] = useState<Phase>("idle");
  const [job, setJob] = useState<Job | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [acceptedMs, setAcceptedMs] = useState<number | null>(null);
  const [partials, setPartials] = useState<string[]>([]);
  const [resultUrl, setResultUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const strokes = useRef<HTMLCanvasElement>(null);
  const painting = useRef(false);
  const following = useRef<AbortController | null>(null);

  useEffect(() => () => following.current?.abort(), []);

  function pick(file: File | undefined) {
    if (!file) return;
    setPhoto(file);
    setPhotoUrl((old) => { if (old) URL.revokeObjectURL(old); return URL.createObjectURL(file); });
    setResultUrl(null);
    setPartials([]);
    setJob(null);
    setPhase("idle");
  }

  function sizeCanvas(image: HTMLImageElement) {
    const canvas = strokes.current;
    if (!canvas) return;
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
  }

  function paint(event: PointerEvent<HTMLCanvasElement>) {
    const canvas = event.currentTarget;
    if (!painting.current) return;
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * canvas.width;
    const y = ((event.clientY - box.top) / box.height) * canvas.height;
    const context = canvas.getContext("2d");
    if (!context) return;
    context.fillStyle = "rgba(255, 64, 96, 0.55)";
    context.beginPath();
    context.arc(x, y, canvas.width / 18, 0, Math.PI * 2);
    context.fill();
  }

  async function submit() {
    if (!photo) return;
    following.current?.abort();
    const controller = new AbortController();
    following.current = controller;
    setPhase("submitting");
    setError(null);
    setResultUrl(null);
    setPartials([]);
    setSteps([]);
    try {
      const form = new FormData();
      form.append("image", photo, photo.name);
      if (maskFile) form.append("mask", maskFile, maskFile.name);
      else if (strokes.current && hasPaint(strokes.current)) form.append("mask", await maskFromStrokes(strokes.current), "mask.png");
      form.append("prompt", prompt);
      const started = performance.now();
      const response = await fetch("/api/edits", {
        method: "POST", body: form, headers: { "Idempotency-Key": crypto.randomUUID() }, signal: controller.signal,
      });
      setAcceptedMs(Math.round(performance.now() - started));
      const body = await response.json();
      if (response.status !== 202) throw new Error(`${body.code}: ${body.message}`);
      const accepted = body as Job;
      show(accepted);
      setPhase("following");

      const finished = await overtime.imageEdits.wait(accepted.id, {
        transport,
        signal: controller.signal,
        onUpdate: show,
        onPartialImage: async (partial) => {
          const blob = await overtime.imageEdits.partialImage(accepted.id, partial.index, { signal: controller.signal });
          setPartials((list) => [...list, URL.createObjectURL(blob)]);
        },
      });
      show(finished);
      if (finished.status !== "succeeded") {
        throw new Error(`${finished.status}: ${finished.error?.code ?? ""} ${finished.error?.message ?? ""}`);
      }
      const image = await overtime.imageEdits.output(finished.id, 0, { signal: controller.signal });
      setResultUrl(URL.createObjectURL(image));
      setPhase("done");
    } catch (thrown) {
      if (controller.signal.aborted) return;
      setError(thrown instanceof OvertimeError ? `${thrown.code}: ${thrown.message}` : String((thrown as Error).message ?? thrown));
      setPhase("error");
    }
  }

  function show(update: Job) {
    setJob(update);
    setSteps((list) => (list.at(-1)?.status === update.status ? list : [...list, { status: update.status, at: Date.now() }]));
  }

  const busy = phase === "submitting" || phase === "following";
  return (
    <section className="editor">
      <div className="controls">
        <label className="field">
          <span>Photo (PNG, JPEG or WebP)</span>
          <input id="file" type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => pick(e.target.files?.[0])} />
        </label>
        <label className="field">
          <span>Mask (optional PNG; or paint on the photo: painted = edit here)</span>
          <input id="mask-file" type="file" accept="image/png" onChange={(e) => setMaskFile(e.target.files?.[0] ?? null)} />
        </label>
        <label className="field">
          <span>Prompt</span>
          <textarea id="prompt" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        </label>
        <div className="actions">
          <button id="submit" disabled={!photo || !prompt.trim() || busy} onClick={submit}>
            {busy ? "Editing…" : "Edit"}
          </button>
          <button className="secondary" disabled={!photo}
            onClick={() => strokes.current?.getContext("2d")?.clearRect(0, 0, strokes.current.width, strokes.current.height)}>
            Clear mask
          </button>
        </div>
        {acceptedMs !== null && <p id="accepted" className="note">Accepted (202) in {acceptedMs} ms.</p>}
        {job && (
          <div className="status">
            <span id="status-pill" className={`pill ${job.status}`}>{job.status}</span>
            {job.queuePosition !== undefined && job.status === "queued" && <span> · position {job.queuePosition} in the queue</span>}
            <ol className="steps">
              {steps.map((step) => <li key={step.status}>{step.status} <small>{new Date(step.at).toLocaleTimeString()}</small></li>)}
            </ol>
          </div>
        )}
        {error && <p id="error" className="error">{error}</p>}
      </div>

      <div className="canvas">
        {photoUrl ? (
          <div id="stage" className="stage">
            {/* eslint-disable-next-line @next/next/no-img-element -- a local object URL, nothing to optimise */}
            <img src={photoUrl} alt="Your photo" onLoad={(e) => sizeCanvas(e.currentTarget)} />
            <canvas id="mask-canvas" ref={strokes}
              onPointerDown={(e) => { painting.current = true; e.currentTarget.setPointerCapture(e.pointerId); paint(e); }}
              onPointerMove={paint} onPointerUp={() => { painting.current = false; }} />
          </div>
        ) : (
          <p className="placeholder">Pick a photo to start.</p>
        )}
        {partials.length > 0 && !resultUrl && (
          <div id="partials" className="partials">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            {partials.map((url, i) => <img key={url} src={url} alt={`Partial image ${i + 1}`} />)}
          </div>
        )}
        {resultUrl && (
          <figure id="result">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img id="result-image" src={resultUrl} alt="The edited photo" />
            <figcaption>
              <a id="download" href={resultUrl} download={`overtime-${job?.id}.png`}>Download</a>
            </figcaption>
          </figure>
        )}
      </div>
    </section>
  );
}
