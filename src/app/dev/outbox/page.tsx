import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { clientIp } from "@/server/limits";
import { linksIn, outboxEnabled, readOutbox } from "@/server/mail";

export const dynamic = "force-dynamic";

// Development only: the mails Roster would have sent, when no SMTP server is configured.
export default async function OutboxPage() {
  // Reset links are in here: only for a browser on this machine, even when the dev server listens on every interface.
  const ip = clientIp(await headers());
  if (!outboxEnabled() || !(ip === "::1" || ip.startsWith("127."))) notFound();
  const mails = await readOutbox();
  return (
    <main className="mx-auto max-w-3xl p-6">
      <h1 className="text-xl font-semibold">Development outbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        Set SMTP_URL to send real mail. Newest first; the file is DATA_DIR/outbox.jsonl.
      </p>
      {mails.length === 0 && <p className="mt-6 text-sm text-slate-600">No mail yet.</p>}
      <ul className="mt-6 space-y-4">
        {mails.map((m, i) => (
          <li key={i} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <p className="text-sm font-medium">{m.subject}</p>
            <p className="text-xs text-slate-500">
              to {m.to} · <time dateTime={m.at}>{new Date(m.at).toLocaleString("en")}</time>
            </p>
            <pre className="mt-3 whitespace-pre-wrap text-sm text-slate-700">{m.text}</pre>
            {linksIn(m.text).length > 0 && (
              <ul className="mt-3 space-y-1">
                {/* Read from the text again (not the stored list), so mails kept from before link exactly too. */}
                {linksIn(m.text).map((href) => (
                  <li key={href}>
                    <a href={href} className="break-all text-sm font-medium text-indigo-600 hover:underline">
                      {href}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
