/** A key as the page shows it. */
export function Kbd({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return <kbd className={`rounded border px-1 font-sans text-[11px] font-medium leading-4 ${className}`}>{children}</kbd>;
}
