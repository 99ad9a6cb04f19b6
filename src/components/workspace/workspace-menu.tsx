"use client";

import { useState } from "react";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, LogOut, Mail, Plus } from "lucide-react";
import { useFirstItemFocus, type OpenedBy } from "@/components/ui/load-on-use";
import { switcherTrigger } from "./switcher-trigger";
import dynamic from "next/dynamic";
import { onceOpened } from "@/components/ui/once-opened";
import type { Role } from "@/shared/roles";
import type { WorkspaceView } from "@/shared/shell";

// Loaded when first opened: leaving is rare and not needed at first paint.
const LeaveDialog = onceOpened(dynamic(() => import("./leave-dialog").then((m) => m.LeaveDialog)));

export interface WorkspaceSwitcherProps {
  current: WorkspaceView;
  workspaces: WorkspaceView[];
  role: Role;
}

/** The workspace button and its menu (loaded on first use: ./workspace-switcher.tsx stands in until then). */
export function WorkspaceMenu({ current, workspaces, role, openedBy }: WorkspaceSwitcherProps & { openedBy?: OpenedBy }) {
  const [leaving, setLeaving] = useState(false);
  const contentRef = useFirstItemFocus(openedBy);
  return (
    <>
    <DropdownMenu.Root modal={false} defaultOpen={openedBy !== undefined}>
      <DropdownMenu.Trigger {...switcherTrigger(current)} />
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          ref={contentRef}
          align="start"
          sideOffset={6}
          className="z-50 min-w-56 rounded-lg border border-slate-200 bg-white p-1 text-sm text-slate-800 shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">
            Workspaces
          </DropdownMenu.Label>
          {workspaces.map((w) => (
            <DropdownMenu.Item key={w.id} asChild>
              <a
                href={`/w/${w.slug}`}
                className="flex cursor-pointer items-center justify-between rounded-md px-2 py-1.5 outline-none max-md:min-h-11 data-[highlighted]:bg-indigo-50"
              >
                <bdi>{w.name}</bdi>
                {w.id === current.id && <Check className="h-4 w-4 text-indigo-600" aria-label="current" />}
              </a>
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Item asChild>
            <a href="/new" className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 outline-none max-md:min-h-11 data-[highlighted]:bg-indigo-50">
              <Plus className="h-4 w-4" aria-hidden /> Create a workspace
            </a>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild>
            <a href="/invitations" className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 outline-none max-md:min-h-11 data-[highlighted]:bg-indigo-50">
              <Mail className="h-4 w-4" aria-hidden /> Invitations
            </a>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Item
            onSelect={() => setLeaving(true)}
            className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-red-700 outline-none max-md:min-h-11 data-[highlighted]:bg-red-50"
          >
            <LogOut className="h-4 w-4" aria-hidden /> Leave {current.name}…
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
    <LeaveDialog workspace={current} role={role} open={leaving} onOpenChange={setLeaving} />
    </>
  );
}
