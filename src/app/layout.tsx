import type { Metadata } from "next";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy nonce is new each time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Roster", template: "%s · Roster" },
  description: "A team workspace that shows who is here, right now.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
