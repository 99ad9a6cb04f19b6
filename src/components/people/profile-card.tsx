"use client";

import * as Popover from "@radix-ui/react-popover";
import { ChevronDown } from "lucide-react";
import { PresenceText } from "@/components/presence/presence-text";
import { MemberDot } from "@/components/presence/member-dot";
import { StatusBadge } from "@/components/presence/custom-status";
import { PersonAvatar } from "./person-avatar";
import { PersonTitle } from "./person-title";
import { usePerson } from "./people-provider";
import { LocalTimeText } from "./local-time";

/**
 * A conversation header's name as a button that opens the person's profile card: their picture,
 * name, title, custom status, and "Active · 9:04 PM local time".
 */
export function ProfileCardTitle({ userId, name }: { userId: string; name: string }) {
  const person = usePerson(userId);
  const shown = person?.name ?? name;
  return (
    <Popover.Root>
      <Popover.Trigger
        className="inline-flex max-w-full items-center gap-1 rounded-md px-1 text-left -mx-1 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 data-[state=open]:bg-slate-100"
        data-testid="profile-card-trigger"
        title="Show profile"
      >
        <span dir="auto" className="truncate">{shown}</span>
        <ChevronDown className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 w-72 max-w-[calc(100vw-1rem)] rounded-xl border border-slate-200 bg-white p-4 text-slate-900 shadow-lg focus:outline-none"
          data-testid="profile-card"
          aria-label={`Profile of ${shown}`}
        >
          <div className="flex items-start gap-3">
            <PersonAvatar id={userId} name={shown} size="xl">
              <MemberDot userId={userId} size="lg" />
            </PersonAvatar>
            <div className="min-w-0 pt-1">
              <p dir="auto" className="break-words text-base font-semibold">{shown}</p>
              <PersonTitle userId={userId} className="block break-words text-sm text-slate-700" />
            </div>
          </div>
          <StatusBadge userId={userId} className="mt-3 flex max-w-full text-sm text-slate-700" />
          <p className="mt-2 text-sm text-slate-600">
            <PresenceText userId={userId} />
            <LocalTimeText userId={userId} />
          </p>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
