import { Overtime } from "@overtime/client";

/**
 * Where Overtime is and the API key, from the server's environment: the key never reaches a browser.
 * OVERTIME_API_URL (e.g. http://127.0.0.1:8080) and OVERTIME_API_KEY (ovt_…).
 */
export function overtimeSettings(): { baseUrl: string; apiKey: string } {
  const baseUrl = process.env.OVERTIME_API_URL;
  const apiKey = process.env.OVERTIME_API_KEY;
  if (!baseUrl || !apiKey) throw new Error("Set OVERTIME_API_URL and OVERTIME_API_KEY in the server's environment.");
  return { baseUrl: baseUrl.replace(/\/+$/, ""), apiKey };
}

/** The server-side client. Short timeouts: nothing here waits for an edit, only for Overtime's 202. */
export function overtime(): Overtime {
  return new Overtime({ ...overtimeSettings(), timeoutMs: 10_000 });
}
