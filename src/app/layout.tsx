import type { Metadata } from "next";
import { cookies } from "next/headers";
import { THEME_COOKIE, themeAttribute, themeFromCookie } from "@/shared/theme";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy nonce is new each time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Roster", template: "%s · Roster" },
  description: "A team workspace that shows who is here, right now.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // A light or dark choice is rendered into the first HTML (no script, no flash); without one,
  // CSS follows the system (prefers-color-scheme).
  const theme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={themeAttribute(theme)}>
      <body>{children}</body>
    </html>
  );
}
