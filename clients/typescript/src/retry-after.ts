/**
 * Parses a Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds from
 * {@link now}, 0 for a date in the past, and undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    // The RFC says whole seconds; a fraction is tolerated because some servers send one.
    return Math.round(Number(text) * 1000);
  }
  // An HTTP-date always names a weekday or month; this keeps "-5" or "soon" from reaching Date.parse.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
