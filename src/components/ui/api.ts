// Calls the JSON API; resolves to `{ ok, data | error }` and never throws.
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: string };

export async function api<T>(url: string, method: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as ApiResult<T> | null;
    return json ?? { ok: false, error: `Request failed (${res.status}).` };
  } catch {
    return { ok: false, error: "Could not reach the server. Check your connection." };
  }
}
