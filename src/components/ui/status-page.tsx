import Link from "next/link";

/** A full-page message for 404 and 403, with a way back. */
export function StatusPage({ code, title, children }: { code: number; title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-full flex-1 items-center justify-center bg-slate-50 p-6">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold text-indigo-600">{code}</p>
        <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
        <p className="mt-2 text-slate-600">{children}</p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-white hover:bg-indigo-500">
          Back to your workspaces
        </Link>
      </div>
    </main>
  );
}
