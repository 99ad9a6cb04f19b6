// The kind of device a connection comes from, read from its user agent. Phones and tablets are
// "mobile" (as Discord's mobile status); an iPad asking for the desktop site reads as desktop.
const MOBILE = /\b(Mobi|Android|iPhone|iPad|iPod|Windows Phone|Opera Mini|IEMobile|Silk|Kindle)\b/i;

export function isMobileUserAgent(userAgent: string | undefined): boolean {
  return typeof userAgent === "string" && MOBILE.test(userAgent);
}
