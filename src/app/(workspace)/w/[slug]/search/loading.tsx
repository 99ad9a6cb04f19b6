import { PageHeader } from "@/components/ui/page-header";

/** Shown while the search page's first results are on their way. */
export default function SearchLoading() {
  return (
    <>
      <PageHeader title="Search" />
      <p role="status" className="px-4 py-6 text-sm text-slate-600 md:px-6">
        Searching…
      </p>
    </>
  );
}
