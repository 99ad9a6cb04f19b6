/**
 * The path to go to after sign-in, or "/" when `raw` is not a plain same-site path.
 * Accepts only "/..." not followed by "/" or "\" (which browsers read as another host),
 * with no control characters or backslashes anywhere.
 */
export function safeCallbackPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return fallback;
  if (raw[0] !== "/" || raw[1] === "/" || raw[1] === "\\") return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
  // Resolve the way a browser would, and require that it stays on this origin.
  try {
    const base = "http://roster.invalid";
    const url = new URL(raw, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** `url` (absolute or relative) if it is on `origin`, else null. */
export function sameOriginUrl(url: string, origin: string): string | null {
  if (url.startsWith("/")) {
    const path = safeCallbackPath(url, "");
    return path ? origin + path : null;
  }
  try {
    const parsed = new URL(url);
    if (parsed.origin !== new URL(origin).origin) return null;
    const path = safeCallbackPath(parsed.pathname + parsed.search + parsed.hash, "");
    return path ? origin + path : null;
  } catch {
    return null;
  }
}
