// A scripted fetch for tests without a server: answers in order and records every request it was sent.
export function scriptedFetch(...answers) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const headers = new Headers(init.headers);
    calls.push({ url: String(url), method: init.method ?? "GET", headers, body: init.body });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    return typeof next === "function" ? next(url, init) : next.clone();
  };
  return { fetch, calls };
}

export const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

export const problem = (status, code, extra = {}, headers = {}) =>
  new Response(JSON.stringify({ type: `https://overtime.dev/problems/${code.toLowerCase()}`, status, code,
    message: `${code} happened`, requestId: "req_test", data: null, degraded: false, ...extra }),
    { status, headers: { "Content-Type": "application/problem+json", ...headers } });

export const job = (status, extra = {}) => ({
  id: "2f6c8a36-8d8f-4b4e-a3a4-0a4f9d1e1b11", object: "image_edit", status, createdAt: "2026-05-01T12:00:00Z", ...extra,
});
