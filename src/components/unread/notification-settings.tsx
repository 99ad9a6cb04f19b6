"use client";

import { Bell, X } from "lucide-react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { notifySettings, useNotifySettings } from "@/lib/notify-settings";
import { playTone } from "@/lib/tone";

const CHECK = "h-3.5 w-3.5 rounded border-white/30 bg-transparent accent-indigo-400";

/**
 * Desktop notifications and sound, for this browser. Permission is asked only when the user clicks
 * "Turn on desktop notifications" (a small prompt that can be dismissed for good), never on load.
 */
export function NotificationSettings() {
  const hydrated = useHydrated();
  const s = useNotifySettings();
  if (!hydrated) return null;
  const askable = s.supported && s.permission === "default";
  const desktopOn = s.supported && s.permission === "granted" && s.desktop;
  return (
    <div className="space-y-1.5 text-xs" data-testid="notification-settings">
      {askable && !s.promptDismissed && (
        <div className="flex items-start gap-1 rounded-md bg-white/10 p-1.5">
          <button
            type="button"
            onClick={() => void notifySettings.request()}
            className="flex flex-1 items-center gap-1.5 rounded px-1 py-0.5 text-left font-medium text-white hover:bg-white/10"
          >
            <Bell className="h-3.5 w-3.5 shrink-0" aria-hidden />
            Turn on desktop notifications
          </button>
          <button
            type="button"
            onClick={() => notifySettings.dismissPrompt()}
            className="rounded p-0.5 text-sidebar-muted hover:bg-white/10 hover:text-white"
            aria-label="Dismiss notification prompt"
            title="Not now"
          >
            <X className="h-3.5 w-3.5" aria-hidden />
          </button>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sidebar-muted">
        {s.supported && s.permission !== "denied" && (askable ? s.promptDismissed : true) && (
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              className={CHECK}
              checked={desktopOn}
              onChange={(e) => {
                if (!e.target.checked) return notifySettings.setDesktop(false);
                if (s.permission === "default") void notifySettings.request();
                else notifySettings.setDesktop(true);
              }}
            />
            Desktop notifications
          </label>
        )}
        {s.supported && s.permission === "denied" && <span>Notifications are blocked in this browser.</span>}
        <label className="flex items-center gap-1.5">
          <input
            type="checkbox"
            className={CHECK}
            checked={s.sound}
            onChange={(e) => {
              notifySettings.setSound(e.target.checked);
              if (e.target.checked) playTone(); // a sample, and it unlocks audio with this click
            }}
          />
          Sound
        </label>
      </div>
    </div>
  );
}
