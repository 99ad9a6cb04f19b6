"use client";

import { useState, type ComponentType } from "react";

/**
 * Wraps a dialog whose code is loaded on demand (next/dynamic): nothing is rendered, so nothing is
 * fetched, until it is first opened; from then on it stays mounted, so closing it animates and
 * returns focus as usual.
 */
export function onceOpened<P extends { open: boolean }>(Dialog: ComponentType<P>) {
  return function OnceOpened(props: P) {
    const [opened, setOpened] = useState(props.open);
    if (props.open && !opened) setOpened(true);
    return opened || props.open ? <Dialog {...props} /> : null;
  };
}
