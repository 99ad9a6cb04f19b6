export function PageHeader({ title, subtitle, children }: { title: React.ReactNode; subtitle?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <header className="flex min-h-14 items-center justify-between gap-4 border-b border-slate-200 px-4 py-3 md:px-6">
      <div className="min-w-0">
        <h1 dir="auto" className="truncate text-lg font-semibold">{title}</h1>
        {subtitle && <div className="text-sm text-slate-500">{subtitle}</div>}
      </div>
      {children}
    </header>
  );
}
