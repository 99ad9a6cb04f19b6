import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-full items-center justify-center bg-slate-50 p-6">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
        <p className="mt-2 text-slate-600">
          This page does not exist, or it belongs to a workspace you are not a member of.
        </p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-white hover:bg-indigo-500">
          Back to your workspaces
        </Link>
      </div>
    </main>
  );
}
