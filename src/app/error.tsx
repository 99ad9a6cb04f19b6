"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main role="alert" className="flex min-h-full items-center justify-center p-6">
      <div className="max-w-sm text-center">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="mt-2 text-slate-600">The page could not load. Try again in a moment.</p>
        <button onClick={reset} className="mt-6 rounded-md bg-indigo-600 px-4 py-2 text-white hover:bg-indigo-500">
          Try again
        </button>
      </div>
    </main>
  );
}
