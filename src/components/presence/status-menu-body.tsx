"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "@/components/ui/api";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeader } from "@/components/ui/dialog-header";
import { MemberPicker, MemberSearchPicker, useMemberNames, usePicked } from "@/components/ui/member-picker";
import { escapeClearsSearch } from "@/components/ui/search-escape";
import { carriesEveryone, filterMembers, pickedOutside } from "@/components/ui/member-search";
import { useInertShell } from "@/components/ui/use-inert-shell";
import { Check, ChevronRight, Smile, Users } from "lucide-react";
import { useFirstItemFocus, type OpenedBy } from "@/components/ui/load-on-use";
import { MODE_LABEL, PRESENCE_MODES, type PresenceMode, type PresenceStatus } from "@/shared/presence";
import { PresenceIndicator } from "./presence-indicator";
import { DialogActions, PRIMARY_BUTTON } from "@/components/ui/form-dialog";
import { DND_CHOICES } from "./dnd-time";
import { modeLabel, statusTrigger } from "./status-trigger";

export const MODE_HINT: Record<PresenceMode, string> = {
  auto: "Active when you are here, away when you step away",
  away: "Always shown as away",
  dnd: "Shown as busy; no interruptions",
  invisible: "Appear offline to everyone not on your list",
};

/** The status a mode shows in the menu's own dots (invisible reads as offline). */
const MODE_DOT: Record<PresenceMode, PresenceStatus> = { auto: "active", away: "away", dnd: "dnd", invisible: "offline" };

type Member = { id: string; name: string; email: string };

export interface StatusMenuProps {
  mode: PresenceMode;
  /** What others see. */
  status: PresenceStatus;
  /** Resolves to an error message, or null on success. */
  onSetMode: (m: PresenceMode, until?: Date) => Promise<string | null>;
  /** When a timed do-not-disturb ends (ISO). */
  dndUntil?: string | null;
  /** The members the page carries (ShellData.members). */
  members: Member[];
  /** How many members the workspace has; more than `members` holds: the allowlist picker searches the server. */
  memberCount?: number;
  allowlist: string[];
  onSetAllowlist: (ids: string[]) => Promise<string | null>;
  meId: string;
  /** Custom status: shown in the trigger; the menu's "Set a status" item opens this dialog. */
  customStatus?: { emoji: string | null; text: string } | null;
  statusDialog?: (p: { open: boolean; onOpenChange: (open: boolean) => void; returnFocusTo: React.RefObject<HTMLButtonElement | null> }) => React.ReactNode;
}

/** The status button and its menu (loaded on first use: ./status-menu.tsx stands in until then). */
export function StatusMenuBody({
  mode,
  status,
  onSetMode,
  dndUntil = null,
  members,
  memberCount,
  allowlist,
  onSetAllowlist,
  meId,
  customStatus,
  statusDialog,
  openedBy,
}: StatusMenuProps & { openedBy?: OpenedBy }) {
  const [pending, setPending] = useState<PresenceMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [listOpen, setListOpen] = useState(false);
  const openListAfterClose = useRef(false);
  const [statusOpen, setStatusOpen] = useState(false);
  const openStatusAfterClose = useRef(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const contentRef = useFirstItemFocus(openedBy);
  const shown = pending ?? mode;

  async function choose(value: string) {
    const next = PRESENCE_MODES.find((m) => m === value);
    if (!next || next === mode) return;
    setPending(next);
    setError(null);
    const err = await onSetMode(next);
    setPending(null);
    if (err) setError(err);
  }

  async function chooseDnd(until: Date | null) {
    setPending("dnd");
    setError(null);
    const err = await onSetMode("dnd", until ?? undefined);
    setPending(null);
    if (err) setError(err);
  }

  const label = modeLabel(shown, dndUntil, pending !== null);

  return (
    <div>
      {/* Not modal: a modal menu aria-hides the rest of the page while its links stay focusable. */}
      <DropdownMenu.Root modal={false} defaultOpen={openedBy !== undefined}>
        <DropdownMenu.Trigger ref={triggerRef} {...statusTrigger({ label, status, customStatus })} />
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="start"
            sideOffset={4}
            className="z-50 w-72 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-200 bg-white p-1 text-slate-900 shadow-xl"
            ref={contentRef}
            onCloseAutoFocus={(e) => {
              // Open the dialog only once the menu has fully closed, so the two modal layers never overlap.
              if (openStatusAfterClose.current) {
                openStatusAfterClose.current = false;
                e.preventDefault();
                return setStatusOpen(true);
              }
              if (!openListAfterClose.current) return;
              openListAfterClose.current = false;
              e.preventDefault();
              setListOpen(true);
            }}
          >
            <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
              Your status
            </DropdownMenu.Label>
            {statusDialog && (
              <DropdownMenu.Item
                onSelect={() => {
                  openStatusAfterClose.current = true;
                }}
                className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
              >
                <Smile className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
                <span className="min-w-0 flex-1 truncate">
                  {customStatus ? [customStatus.emoji, customStatus.text].filter(Boolean).join(" ") : "Set a status"}
                </span>
                {customStatus && <span className="text-xs text-slate-600">Edit status</span>}
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
            <DropdownMenu.RadioGroup value={shown} onValueChange={choose}>
              {PRESENCE_MODES.map((m) =>
                m === "dnd" ? (
                  <DndSub key={m} selected={shown === "dnd"} onChoose={chooseDnd} />
                ) : (
                  <DropdownMenu.RadioItem
                    key={m}
                    value={m}
                    className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1.5 outline-none max-md:min-h-11 data-[highlighted]:bg-slate-100"
                  >
                    <span className="mt-1.5 flex" aria-hidden>
                      <PresenceIndicator status={MODE_DOT[m]} showTooltip={false} />
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="block text-sm font-medium">{MODE_LABEL[m]}</span>
                      <span className="block text-xs text-slate-600">{MODE_HINT[m]}</span>
                    </span>
                    <DropdownMenu.ItemIndicator className="mt-1">
                      <Check className="h-4 w-4 text-indigo-600" aria-hidden />
                    </DropdownMenu.ItemIndicator>
                  </DropdownMenu.RadioItem>
                ),
              )}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
            <DropdownMenu.Item
              onSelect={() => {
                openListAfterClose.current = true;
              }}
              className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none max-md:min-h-11 data-[highlighted]:bg-slate-100"
            >
              <Users className="h-4 w-4 text-slate-500" aria-hidden />
              Who can see me when invisible…
              <span className="ml-auto text-xs text-slate-600">{allowlist.length}</span>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {error && (
        <p role="alert" className="mt-1 px-2 text-xs text-red-300">
          {error}
        </p>
      )}
      {statusDialog?.({ open: statusOpen, onOpenChange: setStatusOpen, returnFocusTo: triggerRef })}
      <AllowlistDialog
        open={listOpen}
        onOpenChange={setListOpen}
        members={members.filter((m) => m.id !== meId)}
        memberCount={carriesEveryone(members.length, memberCount) ? undefined : memberCount}
        meId={meId}
        allowlist={allowlist}
        onSave={onSetAllowlist}
        returnFocusTo={triggerRef}
      />
    </div>
  );
}

/** Do not disturb opens a submenu: for how long. */
function DndSub({ selected, onChoose }: { selected: boolean; onChoose: (until: Date | null) => void }) {
  return (
    <DropdownMenu.Sub>
      <DropdownMenu.SubTrigger className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100 data-[state=open]:bg-slate-100">
        <span className="mt-1.5 flex" aria-hidden>
          <PresenceIndicator status="dnd" showTooltip={false} />
        </span>
        <span className="min-w-0 flex-1">
          <span className="block text-sm font-medium">
            {MODE_LABEL.dnd}
            {selected && <span className="sr-only"> (current)</span>}
          </span>
          <span className="block text-xs text-slate-600">{MODE_HINT.dnd}</span>
        </span>
        {selected && <Check className="mt-1 h-4 w-4 text-indigo-600" aria-hidden />}
        <ChevronRight className="mt-1 h-4 w-4 text-slate-500" aria-hidden />
      </DropdownMenu.SubTrigger>
      <DropdownMenu.Portal>
        <DropdownMenu.SubContent
          sideOffset={4}
          collisionPadding={8}
          className="z-50 w-56 rounded-lg border border-slate-200 bg-white p-1 text-slate-900 shadow-xl"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
            Do not disturb
          </DropdownMenu.Label>
          {DND_CHOICES.map((c) => (
            <DropdownMenu.Item
              key={c.label}
              onSelect={() => onChoose(c.until(new Date()))}
              className="cursor-pointer rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              {c.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.SubContent>
      </DropdownMenu.Portal>
    </DropdownMenu.Sub>
  );
}

function AllowlistDialog({
  open,
  onOpenChange,
  members,
  memberCount,
  meId,
  allowlist,
  onSave,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The other members the page carries. */
  members: Member[];
  /** Set when the page does not carry every member: the picker searches the server. */
  memberCount: number | undefined;
  meId: string;
  allowlist: string[];
  onSave: (ids: string[]) => Promise<string | null>;
  returnFocusTo: React.RefObject<HTMLButtonElement | null>;
}) {
  const { picked, setPicked, toggle } = usePicked();
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { names, remember } = useMemberNames();
  useInertShell(open);
  // The page does not carry everyone: name the people already on the list (the server knows them).
  useEffect(() => {
    if (!open || memberCount === undefined) return;
    let live = true;
    void api<{ people: { userId: string; name: string }[] }>("/api/me/allowlist", "GET").then((res) => {
      if (live && res.ok) remember(res.data.people);
    });
    return () => {
      live = false;
    };
  }, [open, memberCount, remember]);

  const visible = useMemo(() => filterMembers(members, query), [members, query]);
  // The list is the user's, across workspaces: people not listed here (not in this workspace, or not loaded) stay on it.
  const elsewhere = memberCount === undefined ? pickedOutside(picked, members, meId) : 0;

  async function save() {
    setBusy(true);
    setError(null);
    const err = await onSave([...picked]);
    setBusy(false);
    if (err) setError(err);
    else onOpenChange(false);
  }

  // Opened from the menu, not a Trigger: start each visit from the saved list when `open` turns on.
  const [seededFor, setSeededFor] = useState(false);
  if (open !== seededFor) {
    setSeededFor(open);
    if (open) {
      setPicked(new Set(allowlist));
      setQuery("");
      setError(null);
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          onEscapeKeyDown={escapeClearsSearch}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            returnFocusTo.current?.focus();
          }}
          className="fixed left-1/2 top-1/2 z-50 w-full max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-5 text-slate-900 shadow-xl"
        >
          <DialogHeader title="Who can see me when invisible" description="While you are invisible, the people you pick still see your real status. Everyone else sees you as offline." />
          {memberCount !== undefined ? (
            <MemberSearchPicker
              members={members}
              memberCount={memberCount}
              excludeId={meId}
              picked={picked}
              onToggle={toggle}
              names={names}
              onSeen={remember}
              label="Workspace members"
              inputLabel="Find members by name"
              unnamedNote={(n) =>
                `${n} more ${n === 1 ? "person" : "people"} on your list ${n === 1 ? "is" : "are"} not shown: find them by name, or they are in another of your workspaces. They stay on your list.`
              }
            />
          ) : (
            <>
              <label htmlFor="allowlist-search" className="sr-only">
                Search members
              </label>
              <input
                id="allowlist-search"
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="Search members"
                className="mt-4 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
              />
              {members.length === 0 ? (
                <p className="mt-4 text-sm text-slate-500">No one else is in this workspace yet.</p>
              ) : visible.length === 0 ? (
                <p className="mt-4 text-sm text-slate-500">No members match “{query.trim()}”.</p>
              ) : (
                <MemberPicker members={visible} picked={picked} onToggle={toggle} className="mt-3" label="Workspace members" />
              )}
              {elsewhere > 0 && (
                <p className="mt-2 text-xs text-slate-600">
                  Also on your list: {elsewhere} {elsewhere === 1 ? "person who is" : "people who are"} not in this workspace. They stay on it.
                </p>
              )}
            </>
          )}
          {error && (
            <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {error}
            </p>
          )}
          <DialogActions className="mt-4">
            <button type="button" onClick={save} disabled={busy} className={PRIMARY_BUTTON}>
              {busy ? "Saving…" : "Save"}
            </button>
          </DialogActions>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
