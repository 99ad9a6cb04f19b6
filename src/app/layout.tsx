import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Roster",
  description: "A team workspace that shows who is here, right now.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
