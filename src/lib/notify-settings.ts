"use client";

// Desktop notification and sound settings of this browser, kept in localStorage, shared by the
// sidebar settings and the unread provider (useSyncExternalStore).
import { useSyncExternalStore } from "react";

export interface NotifySettings {
  /** The Notification API exists here. */
  supported: boolean;
  permission: NotificationPermission;
  /** Desktop notifications wanted (they also need permission). */
  desktop: boolean;
  sound: boolean;
  /** The "Turn on desktop notifications" prompt was dismissed. */
  promptDismissed: boolean;
}

const KEYS = { desktop: "roster:notify:desktop", sound: "roster:notify:sound", dismissed: "roster:notify:prompt-dismissed" } as const;
const SERVER: NotifySettings = { supported: false, permission: "default", desktop: false, sound: false, promptDismissed: true };

const listeners = new Set<() => void>();
let cached: NotifySettings = SERVER;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {}
}

function compute(): NotifySettings {
  const supported = typeof window !== "undefined" && "Notification" in window;
  const next: NotifySettings = {
    supported,
    permission: supported ? Notification.permission : "denied",
    desktop: read(KEYS.desktop) !== "off",
    sound: read(KEYS.sound) === "on",
    promptDismissed: read(KEYS.dismissed) === "1",
  };
  const same = (Object.keys(next) as (keyof NotifySettings)[]).every((k) => next[k] === cached[k]);
  if (!same) cached = next;
  return cached;
}

function changed() {
  compute();
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key?.startsWith("roster:notify:") && changed();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export const notifySettings = {
  get: compute,
  setDesktop(on: boolean) {
    write(KEYS.desktop, on ? "on" : "off");
    changed();
  },
  setSound(on: boolean) {
    write(KEYS.sound, on ? "on" : "off");
    changed();
  },
  dismissPrompt() {
    write(KEYS.dismissed, "1");
    changed();
  },
  /** Asks the browser (only ever after a click); turns desktop notifications on when granted. */
  async request(): Promise<NotificationPermission> {
    if (!("Notification" in window)) return "denied";
    const permission = await Notification.requestPermission();
    if (permission === "granted") write(KEYS.desktop, "on");
    write(KEYS.dismissed, "1");
    changed();
    return permission;
  },
};

export function useNotifySettings(): NotifySettings {
  return useSyncExternalStore(subscribe, compute, () => SERVER);
}
