// Calls the JSON API; resolves to `{ ok, data | error }` and never throws. A GET that cannot reach
// the server or meets a 503 (an arrival burst, a restart, a dependency outage) is retried a few
// times with backoff and full jitter, so a burst of pages does not come back all at once.
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: string };

const RETRIES = 3;
const BASE_MS = 500;
const MAX_MS = 8_000;

/** Wait before retry `attempt` (1, 2, …): the server's Retry-After when it sent one, else full jitter over 0.5 s, 1 s, 2 s, … */
export function retryDelay(attempt: number, retryAfterSec: number | null, random: () => number = Math.random): number {
  if (retryAfterSec !== null && retryAfterSec >= 0) return Math.min(MAX_MS, retryAfterSec * 1000) + random() * BASE_MS;
  return random() * Math.min(MAX_MS, BASE_MS * 2 ** (attempt - 1));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function api<T>(url: string, method: string, body?: unknown): Promise<ApiResult<T>> {
  for (let attempt = 0; ; attempt++) {
    const canRetry = method === "GET" && attempt < RETRIES;
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status === 503 && canRetry) {
        const after = Number(res.headers.get("retry-after"));
        await sleep(retryDelay(attempt + 1, Number.isFinite(after) && res.headers.has("retry-after") ? after : null));
        continue;
      }
      const json = (await res.json().catch(() => null)) as ApiResult<T> | null;
      return json ?? { ok: false, error: `Request failed (${res.status}).` };
    } catch {
      if (canRetry) {
        await sleep(retryDelay(attempt + 1, null));
        continue;
      }
      return { ok: false, error: "Could not reach the server. Check your connection." };
    }
  }
}
