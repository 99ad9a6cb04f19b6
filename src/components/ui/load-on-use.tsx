"use client";

import { lazy, Suspense, useCallback, useRef, useState, type ButtonHTMLAttributes, type ComponentType, type JSX, type ReactNode } from "react";

/**
 * A control whose code is loaded on first use, not with the page: `warm()` starts the load (a
 * hover or focus on its button does), `<Loaded fallback={…} {...props} />` renders it once loaded
 * and the fallback until then.
 */
export function loadOnUse<P extends object>(load: () => Promise<ComponentType<P>>) {
  let started: Promise<ComponentType<P>> | null = null;
  const warm = () => (started ??= load());
  const Lazy = lazy(() => warm().then((C) => ({ default: C })));
  function Loaded({ fallback, ...props }: P & { fallback: ReactNode }) {
    return (
      <Suspense fallback={fallback}>
        <Lazy {...(props as unknown as P & JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  }
  return { warm, Loaded };
}

/** Props that start a control's load when its button is hovered or focused. */
export function warmOn(warm: () => unknown) {
  return { onPointerEnter: warm, onFocus: warm };
}

/** How a menu was first opened: by keyboard, its first item takes focus (as the loaded menu does). */
export type OpenedBy = "pointer" | "keyboard";

/**
 * A menu button whose menu is loaded on first use: until then this plain button stands in for the
 * menu's trigger with the same look and name; a click, Enter, Space or ArrowDown loads the menu and
 * it mounts open (`used` says how it was opened).
 */
export function useMenuStandIn(warm: () => unknown) {
  const [used, setUsed] = useState<OpenedBy | null>(null);
  const standIn = (props: ButtonHTMLAttributes<HTMLButtonElement> & { children: ReactNode }) => (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded={used !== null}
      data-state="closed"
      {...props}
      {...warmOn(warm)}
      onClick={(e) => setUsed(e.detail === 0 ? "keyboard" : "pointer")}
      onKeyDown={(e) => {
        if (e.key !== "ArrowDown") return;
        e.preventDefault();
        setUsed("keyboard");
      }}
    />
  );
  return { used, standIn };
}

/**
 * A ref for a loaded menu's content: opened by keyboard, its first item takes focus once (after
 * the menu has focused itself), as a menu opened by keyboard does.
 */
export function useFirstItemFocus(openedBy: OpenedBy | undefined) {
  const done = useRef(openedBy !== "keyboard");
  return useCallback((el: HTMLElement | null) => {
    if (!el || done.current) return;
    done.current = true;
    setTimeout(() => el.querySelector<HTMLElement>('[role^="menuitem"]')?.focus(), 0);
  }, []);
}
