import { initials } from "./initials";

// -700 shades: white initials on each are at least 4.5:1 (teal-700 5.5, emerald-700 5.5, amber-700 5.0,
// sky-700 5.9, rose-700 6.2, fuchsia-700 6.3, violet-700 7.1, indigo-700 7.9); the -500 shades were as low as 2.1:1.
export const AVATAR_COLORS = ["bg-indigo-700", "bg-emerald-700", "bg-sky-700", "bg-rose-700", "bg-amber-700", "bg-violet-700", "bg-teal-700", "bg-fuchsia-700"];

function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return AVATAR_COLORS[Math.abs(h) % AVATAR_COLORS.length]!;
}

export { initials };

const SIZES = { sm: "h-6 w-6 text-[10px]", md: "h-8 w-8 text-xs", lg: "h-10 w-10 text-sm", xl: "h-20 w-20 text-2xl" } as const;
export type AvatarSizeName = keyof typeof SIZES;

/** The person's picture when they have one (`picture`: its URL), their initials otherwise; `children` (a presence dot) sits at its bottom-right. */
export function Avatar({
  id,
  name,
  size = "md",
  picture,
  children,
}: {
  id: string;
  name: string;
  size?: AvatarSizeName;
  picture?: string | null;
  children?: React.ReactNode;
}) {
  return (
    <span className="relative inline-flex shrink-0">
      {picture ? (
        // A decorative copy of the name beside it: no alt text of its own.
        <img src={picture} alt="" data-testid="avatar-picture" className={`${SIZES[size]} rounded-md bg-slate-200 object-cover`} decoding="async" draggable={false} />
      ) : (
        <span
          aria-hidden
          className={`${SIZES[size]} ${colorFor(id)} inline-flex items-center justify-center rounded-md font-semibold text-white`}
        >
          {initials(name)}
        </span>
      )}
      {children && <span className="absolute -bottom-0.5 -right-0.5">{children}</span>}
    </span>
  );
}
