import { initials } from "./initials";

const COLORS = ["bg-indigo-500", "bg-emerald-500", "bg-sky-500", "bg-rose-500", "bg-amber-500", "bg-violet-500", "bg-teal-500", "bg-fuchsia-500"];

function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return COLORS[Math.abs(h) % COLORS.length]!;
}

export { initials };

const SIZES = { sm: "h-6 w-6 text-[10px]", md: "h-8 w-8 text-xs", lg: "h-10 w-10 text-sm" } as const;

/** Initials avatar; `children` (a presence dot) sits at its bottom-right. */
export function Avatar({
  id,
  name,
  size = "md",
  children,
}: {
  id: string;
  name: string;
  size?: keyof typeof SIZES;
  children?: React.ReactNode;
}) {
  return (
    <span className="relative inline-flex shrink-0">
      <span
        aria-hidden
        className={`${SIZES[size]} ${colorFor(id)} inline-flex items-center justify-center rounded-md font-semibold text-white`}
      >
        {initials(name)}
      </span>
      {children && <span className="absolute -bottom-0.5 -right-0.5">{children}</span>}
    </span>
  );
}
