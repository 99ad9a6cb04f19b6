// Pure request checks of the HTTP guard: each returns null (pass) or the refusal to send.
import { unstorableText } from "@/shared/text";
import { AVATAR_TYPES, MAX_AVATAR_BYTES } from "@/shared/profile";

export interface Refusal {
  status: number;
  error: string;
  headers?: Record<string, string>;
}

export const MAX_URL_LENGTH = 4096;
export const BODY_LIMIT = 64 * 1024;
export const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
export const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkMethod(method: string | undefined): Refusal | null {
  if (method && ALLOWED_METHODS.has(method)) return null;
  return { status: 405, error: "Method not allowed.", headers: { allow: [...ALLOWED_METHODS].join(", ") } };
}

/** The request target: an absolute path, not too long, every `%` escape valid, no control characters once decoded. */
export function checkUrl(url: string | undefined): Refusal | null {
  const bad = (error: string): Refusal => ({ status: 400, error });
  if (!url || !url.startsWith("/")) return bad("Malformed URL.");
  if (url.length > MAX_URL_LENGTH) return { status: 414, error: "URL is too long." };
  if (CONTROL.test(url)) return bad("URL contains control characters.");
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return bad("URL has an invalid % escape.");
  }
  if (CONTROL.test(decoded)) return bad("URL contains control characters.");
  if (q !== -1) {
    // The query too: next-auth decodes its parameters strictly. Browsers always send valid escapes.
    let query: string;
    try {
      query = decodeURIComponent(url.slice(q + 1).replace(/\+/g, " "));
    } catch {
      return bad("URL has an invalid % escape.");
    }
    if (query.includes("\u0000")) return bad("URL contains control characters.");
  }
  return null;
}

/** Host: a name or address with an optional port. Next builds URLs from it; an empty or odd one breaks them. */
export function checkHost(host: string | undefined): Refusal | null {
  if (host && host.length <= 255 && /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host)) return null;
  return { status: 400, error: "Invalid Host header." };
}

export const pathOf = (url: string) => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};

export const isAuthRoute = (path: string) => path === "/api/auth" || path.startsWith("/api/auth/");
export const isJsonApi = (path: string) => (path === "/api" || path.startsWith("/api/")) && !isAuthRoute(path);

/**
 * The origin a browser on this app sends. NEXTAUTH_URL decides when set; otherwise the Host
 * header (and, behind a trusted proxy, X-Forwarded-Host) with either scheme: a TLS proxy may sit
 * in front without telling us, and the host is what tells a foreign site apart.
 */
export function ownOrigins(publicUrl: string | undefined, ...hosts: (string | undefined)[]): string[] {
  if (publicUrl) return [new URL(publicUrl).origin];
  return hosts.filter((h): h is string => !!h).flatMap((h) => [`http://${h}`.toLowerCase(), `https://${h}`.toLowerCase()]);
}

/** The host our proxy saw (the last X-Forwarded-Host value), when it is a sound one. */
export function forwardedHost(value: string | undefined): string | undefined {
  const last = value?.split(",").pop()?.trim();
  return last && !checkHost(last) ? last : undefined;
}

/**
 * Cross-site refusal for mutating requests. A browser always sends Origin on POST, PUT, PATCH and
 * DELETE, so a request with neither Origin nor Sec-Fetch-Site is not from a browser (curl, a
 * server) and cannot ride a user's cookies: it is allowed.
 */
export function checkOrigin(opts: {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  own: string[];
}): Refusal | null {
  if (!MUTATING.has(opts.method)) return null;
  const refuse: Refusal = { status: 403, error: "Cross-site request refused." };
  if (opts.secFetchSite !== undefined && opts.secFetchSite !== "same-origin" && opts.secFetchSite !== "none") return refuse;
  if (opts.origin !== undefined && !opts.own.includes(opts.origin.toLowerCase())) return refuse;
  return null;
}

/** Routes that take a raw file as their body (not JSON): the types they take, and their own size limit. */
export interface Upload {
  types: readonly string[];
  limit: number;
  error: string;
}
const UPLOADS: Record<string, Upload> = {
  "POST /api/me/avatar": { types: AVATAR_TYPES, limit: MAX_AVATAR_BYTES, error: "Upload a PNG, JPEG, WebP or GIF image." },
};
export const uploadOf = (method: string, path: string): Upload | undefined => UPLOADS[`${method} ${path}`];

export const mediaType = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/**
 * What a mutating request may carry. JSON API: a body must be declared application/json (a
 * body-less DELETE without Content-Type is fine); an upload route, one of its file types. next-auth: its form posts, or JSON.
 */
export function checkContentType(opts: { method: string; path: string; contentType: string | undefined; hasBody: boolean }): Refusal | null {
  if (!MUTATING.has(opts.method)) return null;
  const type = mediaType(opts.contentType);
  const refuse: Refusal = { status: 415, error: "Send the request body as application/json." };
  if (isJsonApi(opts.path)) {
    const upload = uploadOf(opts.method, opts.path);
    if (upload) return upload.types.includes(type) ? null : { status: 415, error: upload.error };
    if (type === "application/json") return null;
    if (!type && !opts.hasBody) return null;
    return refuse;
  }
  if (isAuthRoute(opts.path)) {
    // next-auth's client always posts forms; its JSON reading throws on anything but an object.
    if (type === "application/x-www-form-urlencoded") return null;
    return { status: 415, error: "Send the form as application/x-www-form-urlencoded." };
  }
  return null;
}

// next-auth v4's actions and the methods it serves them on; it answers anything else with
// its own error text (or a 500 for GET on the credentials callback).
const AUTH_GET = new Set(["providers", "session", "csrf", "signin", "signout", "error", "verify-request", "callback"]);
const AUTH_POST = new Set(["signin", "signout", "callback", "session", "_log"]);

export function checkRoute(method: string, path: string): Refusal | null {
  if (!isAuthRoute(path)) return null;
  const [action = "", provider, ...extra] = path.slice("/api/auth/".length).split("/");
  const takesProvider = action === "signin" || action === "callback";
  const known = (AUTH_GET.has(action) || AUTH_POST.has(action)) && extra.length === 0 && (provider === undefined || takesProvider);
  if (!known) return { status: 404, error: "Not found." };
  const read = method === "GET" || method === "HEAD";
  const allowed =
    method === "OPTIONS" ||
    (read && AUTH_GET.has(action) && (action !== "callback" || (provider !== undefined && provider !== "credentials"))) ||
    (method === "POST" && AUTH_POST.has(action) && ((action !== "callback" && action !== "signin") || provider !== undefined));
  if (allowed) return null;
  return { status: 405, error: "Method not allowed." };
}

export function checkLength(contentLength: string | undefined, limit = BODY_LIMIT): Refusal | null {
  if (contentLength === undefined) return null;
  const n = Number(contentLength);
  if (!Number.isSafeInteger(n) || n < 0) return { status: 400, error: "Invalid Content-Length." };
  if (n > limit) return tooLarge(limit);
  return null;
}

export const tooLarge = (limit = BODY_LIMIT): Refusal => ({ status: 413, error: `Request body is larger than ${limit / 1024} KiB.` });

/**
 * The buffered body as its declared type sees it: JSON must parse, and no string in it (key or
 * value) may hold what no text may (a NUL, which PostgreSQL cannot store, or a lone surrogate,
 * which Prisma cannot send): refused here, naming the field, before any route or the database.
 */
export function checkBody(contentType: string | undefined, body: Buffer): Refusal | null {
  if (body.length === 0) return null;
  const type = mediaType(contentType);
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return { status: 400, error: "Request body must be JSON." };
    }
    const bad = unstorableText(parsed);
    if (bad) return { status: 400, error: bad };
  } else if (type === "application/x-www-form-urlencoded") {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) {
      if (k.includes("\u0000") || v.includes("\u0000")) return { status: 400, error: "Text must not contain NUL characters." };
    }
  }
  return null;
}
