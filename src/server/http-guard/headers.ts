import crypto from "node:crypto";

// Security headers on every response, and the Content Security Policy. Next.js reads the
// policy's nonce from the request's Content-Security-Policy header and puts it on its scripts.

export const newNonce = () => crypto.randomBytes(16).toString("base64");

export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; host?: string }): string {
  // Chromium and Firefox count same-host ws:/wss: under 'self'; older engines need them named.
  const sockets = opts.host && /^[a-z0-9.:[\]-]+$/i.test(opts.host) ? ` ws://${opts.host} wss://${opts.host}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(opts: { hsts: boolean }): Record<string, string> {
  const h: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
  };
  if (opts.hsts) h["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return h;
}
