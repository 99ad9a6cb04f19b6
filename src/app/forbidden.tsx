import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-full flex-1 items-center justify-center p-6">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold text-indigo-600">403</p>
        <h1 className="mt-2 text-2xl font-semibold">Admins only</h1>
        <p className="mt-2 text-slate-600">Only workspace owners and admins can open this page.</p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-white hover:bg-indigo-500">
          Back to the workspace
        </Link>
      </div>
    </main>
  );
}
