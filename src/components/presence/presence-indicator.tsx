"use client";

import { LAST_SEEN_BUCKET_LABEL, STATUS_LABEL, type DeviceKinds, type LastSeenBucket, type PresenceStatus } from "@/shared/presence";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useHoverTip } from "@/components/ui/hover-tip";
import { formatLastSeen } from "./last-seen";
import { formatUntil } from "./dnd-time";

const SIZES = { sm: "h-2 w-2", md: "h-2.5 w-2.5", lg: "h-3.5 w-3.5" } as const;
const BORDER = { sm: "border-[1.5px]", md: "border-2", lg: "border-[3px]" } as const;
const BAR = { sm: "h-[1.5px] w-1", md: "h-[2px] w-1.5", lg: "h-[2px] w-2" } as const;

const ON_DEVICES: Record<DeviceKinds, string> = { desktop: "", mobile: " on mobile", both: " on desktop and mobile" };

export interface PresenceText {
  status: PresenceStatus;
  lastSeenAt?: string | null;
  /** Rough last seen of someone who keeps it private. */
  lastSeen?: LastSeenBucket;
  devices?: DeviceKinds;
  /** End of a timed do-not-disturb (ISO). */
  dndUntil?: string;
}

/**
 * Tooltip and accessible text: "Away", "Active on mobile", "Do not disturb until 14:30",
 * "Offline · last seen 5 min ago" or "… last seen recently".
 */
export function presenceLabel({ status, lastSeenAt, lastSeen, devices, dndUntil }: PresenceText, now?: number, locale?: string): string {
  const base = STATUS_LABEL[status];
  if (status !== "offline") {
    const until = status === "dnd" && dndUntil && now !== undefined ? ` until ${formatUntil(new Date(dndUntil), new Date(now), locale)}` : "";
    return base + (devices ? ON_DEVICES[devices] : "") + until;
  }
  if (lastSeen) return `${base} · last seen ${LAST_SEEN_BUCKET_LABEL[lastSeen]}`;
  if (!lastSeenAt || now === undefined) return base;
  const ago = formatLastSeen(lastSeenAt, now);
  return ago ? `${base} · last seen ${ago}` : base;
}

/** Default ring is `ring-2 ring-white`; a className with its own ring width or colour replaces that part. */
function ringClasses(className = ""): string {
  const width = /(^|\s)ring(-(0|1|2|4|8|\[[^\]]+\]))?(\s|$)/.test(className) ? "" : "ring-2";
  const color = /(^|\s)ring-(?!(0|1|2|4|8|inset|offset)(\s|$|-))/.test(className) ? "" : "ring-white";
  return `${width} ${color}`;
}

function dotClasses(status: PresenceStatus, size: keyof typeof SIZES): string {
  switch (status) {
    case "active":
      return "bg-presence-active";
    case "away":
      return "bg-presence-away";
    case "dnd":
      return "bg-presence-dnd";
    case "offline":
      // Hollow: the inside takes the ring colour, so it matches the surface behind the dot.
      return `${BORDER[size]} border-presence-offline bg-[color:var(--tw-ring-color)]`;
  }
}

export function PresenceIndicator({
  status,
  lastSeenAt,
  size = "md",
  now,
  showTooltip = true,
  className,
  label: labelOverride,
  devices,
  lastSeen,
  dndUntil,
}: PresenceText & {
  size?: "sm" | "md" | "lg";
  now?: number;
  showTooltip?: boolean;
  className?: string;
  /** Replaces the text derived from the status (e.g. for your own dot while invisible). */
  label?: string;
}) {
  const hydrated = useHydrated();
  // Without an explicit `now`, read the clock only after hydration so server and client agree.
  const at = now ?? (hydrated ? Date.now() : undefined);
  const label = labelOverride ?? presenceLabel({ status, lastSeenAt, lastSeen, devices, dndUntil }, at);
  const { handlers, tip } = useHoverTip(label);
  const dot = (
    <span
      {...(showTooltip ? handlers : {})}
      role="img"
      aria-label={label}
      data-status={status}
      data-testid="presence-dot"
      className={`relative inline-flex shrink-0 items-center justify-center rounded-full ${SIZES[size]} ${dotClasses(status, size)} ${ringClasses(className)} ${className ?? ""}`}
    >
      {/* White in both themes (bg-white is the page's surface, dark in the dark theme). */}
      {status === "dnd" && <span aria-hidden className={`rounded-full bg-[white] ${BAR[size]}`} />}
    </span>
  );
  return (
    <>
      {dot}
      {showTooltip && tip}
    </>
  );
}
