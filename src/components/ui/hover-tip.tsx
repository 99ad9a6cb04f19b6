"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";

const DELAY_MS = 300;
const GAP = 6;
const EDGE = 8;

/**
 * A hover tooltip for a small target (a presence dot): shown after a short delay for a mouse or a
 * pen, above the target (below it when there is no room), kept inside the window, hidden on leave,
 * scroll or Escape. Visual only: the target carries the same text as its accessible name.
 */
export function useHoverTip(label: string) {
  const [target, setTarget] = useState<DOMRect | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hide = useCallback(() => {
    clearTimeout(timer.current);
    setTarget(null);
  }, []);

  useEffect(() => {
    if (!target) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && hide();
    window.addEventListener("keydown", onKey);
    window.addEventListener("scroll", hide, true);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("scroll", hide, true);
    };
  }, [target, hide]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const handlers = {
    onPointerEnter(e: React.PointerEvent<HTMLElement>) {
      if (e.pointerType === "touch") return;
      const el = e.currentTarget;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => el.isConnected && setTarget(el.getBoundingClientRect()), DELAY_MS);
    },
    onPointerLeave: hide,
  };
  const tip = target ? createPortal(<Tip label={label} target={target} />, document.body) : null;
  return { handlers, tip };
}

function Tip({ label, target }: { label: string; target: DOMRect }) {
  const ref = useRef<HTMLDivElement>(null);
  const centre = target.left + target.width / 2;
  const [pos, setPos] = useState<{ left: number; top: number; below: boolean } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const left = Math.min(Math.max(EDGE, centre - width / 2), window.innerWidth - EDGE - width);
    const below = target.top - GAP - height < EDGE;
    setPos({ left, top: below ? target.bottom + GAP : target.top - GAP - height, below });
  }, [centre, target]);
  return (
    <div
      ref={ref}
      aria-hidden
      data-testid="hover-tip"
      style={{ left: pos?.left ?? 0, top: pos?.top ?? 0, visibility: pos ? "visible" : "hidden" }}
      className="pointer-events-none fixed z-50 max-w-xs rounded-md bg-slate-900 px-2 py-1 text-xs font-medium text-white shadow-lg"
    >
      {label}
      <span
        style={{ left: centre - (pos?.left ?? 0) - 4 }}
        className={`absolute h-2 w-2 rotate-45 bg-slate-900 ${pos?.below ? "-top-1" : "-bottom-1"}`}
      />
    </div>
  );
}
