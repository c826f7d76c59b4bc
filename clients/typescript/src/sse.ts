/** One dispatched Server-Sent Event. */
export interface SseEvent {
  /** The event type ("message" when the stream named none). */
  event: string;
  data: string;
  /** The last event id seen on the stream so far (what Last-Event-ID sends on a reconnect). */
  id: string;
  /** A reconnection delay the server asked for with this event, in milliseconds. */
  retry?: number;
}

/**
 * An incremental parser of the text/event-stream format as WHATWG HTML §9.2.6 defines it: lines end in
 * CRLF, LF or CR (even split across chunks), ":" starts a comment, "data" lines join with "\n", an event
 * is dispatched at a blank line and only if it carried data, and the last event id persists across events.
 * EventSource does exactly this, but cannot send headers; reading a fetch body with this parser can.
 */
export class SseParser {
  private buffer = "";
  private started = false;
  private pendingCr = false;
  private eventType = "";
  private data: string[] = [];
  private lastEventId = "";
  private retry: number | undefined;

  constructor(initialLastEventId = "") {
    this.lastEventId = initialLastEventId;
  }

  /** Feeds decoded text; returns the events completed by it. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1); // the LF of a CRLF split across chunks
    this.pendingCr = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      if (match[0] === "\r" && match.index === this.buffer.length - 1) {
        // A CR at the end may be half of a CRLF: take the line now, drop a following LF later.
        this.pendingCr = true;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** The id a reconnect should send as Last-Event-ID. */
  get lastId(): string {
    return this.lastEventId;
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\u0000")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the format requires.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const type = this.eventType;
    const data = this.data;
    const retry = this.retry;
    this.eventType = "";
    this.data = [];
    this.retry = undefined;
    if (data.length === 0) {
      // A "retry:"-only block still tells us the reconnection delay.
      return retry === undefined ? undefined : { event: "", data: "", id: this.lastEventId, retry };
    }
    const event: SseEvent = { event: type || "message", data: data.join("\n"), id: this.lastEventId };
    if (retry !== undefined) event.retry = retry;
    return event;
  }
}

/**
 * Reads a text/event-stream body, yielding each event. Ends when the server closes the stream; rejects when
 * the connection fails. {@link onActivity} runs on every chunk, comments and heartbeats included.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, lastEventId = "",
                                  onActivity: () => void = () => {}): AsyncGenerator<SseEvent> {
  const parser = new SseParser(lastEventId);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onActivity();
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
  } finally {
    // Leaving the loop early (terminal event, abort) must free the connection. Not awaited: a cancel can stay
    // pending (a teed body waits for its other branch), and the caller has what it came for.
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
