"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import * as Dialog from "@radix-ui/react-dialog";
import { Hash, Lock, Search, Users, X } from "lucide-react";
import { membersText } from "@/shared/format";
import { Avatar } from "@/components/ui/avatar";
import { MemberDot } from "@/components/presence/member-dot";
import { usePresenceText } from "@/components/presence/presence-text";
import { usePresence, useWatch } from "@/components/presence/presence-provider";
import { useInertShell } from "@/components/ui/use-inert-shell";
import { carriesEveryone, MAX_QUERY_LENGTH, noMatchText } from "@/components/ui/member-search";
import { useMemberSearch } from "@/components/workspace/use-member-list";
import { focusComposerAt } from "@/lib/composer-focus";
import { choiceHref, moveActive, rankChoices, type SwitcherChoice, type SwitcherPerson } from "@/lib/switcher";
import { STATUS_LABEL, type PresenceStatus } from "@/shared/presence";
import type { MemberView } from "@/shared/shell";
import type { ConversationSummary } from "@/shared/types";
import { Kbd } from "./kbd";

/**
 * The quick switcher: a search box (a combobox) over a list of people and conversations, each
 * with its live presence. Typing filters (see rankChoices); ↑/↓ move, Enter opens the
 * conversation or the DM with the person (a draft until the first message, as "New message"
 * does) with focus in its message box; Escape closes and gives focus back. People come from the
 * members the page carries and, in a workspace bigger than that, from the server's member search.
 */
export function QuickSwitcher({
  open,
  onOpenChange,
  takeTyped,
  restoreFocus,
  slug,
  meId,
  conversations,
  members,
  memberCount,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What was typed while this dialog's code loaded (its box starts with it). */
  takeTyped: () => string;
  /** Gives focus back to where it was when the switcher opened. */
  restoreFocus: () => void;
  slug: string;
  meId: string;
  conversations: ConversationSummary[];
  members: MemberView[];
  memberCount: number;
}) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  /** The page chosen: its composer takes focus once the dialog has closed. */
  const chosen = useRef<string | null>(null);
  useInertShell(open);
  const ids = useId();
  const listId = `${ids}-list`;
  const statusId = `${ids}-status`;

  // A workspace bigger than the page carries is searched on the server too.
  const everyone = carriesEveryone(members.length, memberCount);
  const search = useMemberSearch(everyone ? "" : query);
  const searchRows = search.rows;
  // Rows answered for this very query were found by it (perhaps by email, which rows do not carry).
  const forQuery = search.q === query.trim();
  const people = useMemo<SwitcherPerson[]>(
    () => [...(searchRows ?? []).map((r) => ({ ...r, found: forQuery })), ...members.map((m) => ({ userId: m.id, name: m.name, email: m.email }))],
    [members, searchRows, forQuery],
  );
  const choices = useMemo(() => rankChoices({ query, conversations, people, meId }), [query, conversations, people, meId]);
  // The active row follows its choice when answers reorder the list; else the first.
  const found = activeKey === null ? -1 : choices.findIndex((c) => c.key === activeKey);
  const active = found >= 0 ? found : choices.length ? 0 : -1;
  const activeChoice = active >= 0 ? choices[active]! : null;
  const optionId = (c: SwitcherChoice) => `${ids}-${c.key}`;

  const activeOptionId = activeChoice ? optionId(activeChoice) : undefined;
  useEffect(() => {
    if (activeOptionId) document.getElementById(activeOptionId)?.scrollIntoView({ block: "nearest" });
  }, [activeOptionId]);

  function choose(c: SwitcherChoice) {
    const href = choiceHref(slug, c);
    chosen.current = href;
    onOpenChange(false);
    router.push(href);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.nativeEvent.isComposing) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = moveActive(active, e.key === "ArrowDown" ? 1 : -1, choices.length);
      setActiveKey(next >= 0 ? choices[next]!.key : null);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (activeChoice) choose(activeChoice);
    }
  }

  const q = query.trim();
  const waiting = !everyone && q !== "" && search.loading;
  const status =
    choices.length > 0
      ? `${choices.length} ${choices.length === 1 ? "result" : "results"}${waiting ? ", searching for more…" : ""}`
      : waiting
        ? "Searching…"
        : search.error && q
          ? `Could not search: ${search.error}`
          : q
            ? noMatchText(q)
            : "No conversations yet.";

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          aria-describedby={statusId}
          data-testid="quick-switcher"
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            const typed = takeTyped();
            setQuery(typed);
            setActiveKey(null);
            // The box shows what was typed before React renders it again: a key pressed in between
            // is added to it, not to an empty box (which would drop what was typed).
            if (input.current) input.current.value = typed;
            input.current?.focus();
          }}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            const href = chosen.current;
            chosen.current = null;
            // Escape, a click outside: focus goes back where it was; a choice: to its message box.
            if (href) focusComposerAt(href);
            else restoreFocus();
          }}
          className="fixed left-1/2 top-3 z-50 flex max-h-[min(32rem,calc(100dvh-1.5rem))] w-[calc(100%-1.5rem)] max-w-lg -translate-x-1/2 flex-col overflow-hidden rounded-xl bg-white text-slate-900 shadow-xl md:top-[12vh]"
        >
          <Dialog.Title className="sr-only">Jump to</Dialog.Title>
          <div className="flex items-center gap-2 border-b-2 border-slate-200 pl-4 pr-1 focus-within:border-indigo-500">
            <Search className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
            <input
              ref={input}
              type="text"
              role="combobox"
              aria-label="Jump to a person or conversation"
              aria-expanded={choices.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={activeOptionId}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActiveKey(null);
              }}
              onKeyDown={onKeyDown}
              placeholder="Jump to a person or conversation"
              maxLength={MAX_QUERY_LENGTH}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              enterKeyHint="go"
              className="h-12 min-w-0 flex-1 bg-transparent text-base outline-none placeholder:text-slate-500 focus-visible:ring-0 focus-visible:ring-offset-0 md:text-sm"
            />
            <Dialog.Close className="inline-flex h-11 w-11 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" aria-label="Close">
              <X className="h-4 w-4" aria-hidden />
            </Dialog.Close>
          </div>
          <p id={statusId} role="status" className={choices.length ? "sr-only" : "px-4 py-6 text-center text-sm text-slate-600"} data-testid="switcher-status">
            {status}
          </p>
          <ul
            id={listId}
            role="listbox"
            aria-label={q ? "Results" : "Recent conversations and people"}
            className={`min-h-0 flex-1 overflow-y-auto p-1.5 ${choices.length ? "" : "hidden"}`}
            data-testid="switcher-results"
          >
            {choices.map((c, i) => (
              <li
                key={c.key}
                id={optionId(c)}
                role="option"
                aria-selected={i === active}
                data-key={c.key}
                // A press chooses without taking focus from the box.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(c)}
                onMouseMove={() => i !== active && setActiveKey(c.key)}
                className={`flex cursor-pointer items-center gap-3 rounded-md px-2.5 py-1.5 max-md:min-h-11 ${i === active ? "bg-indigo-50 text-indigo-950" : ""}`}
              >
                <ChoiceRow choice={c} meId={meId} />
                {i === active && (
                  <span aria-hidden className="ml-auto shrink-0 text-xs text-slate-600 max-md:hidden">
                    <Kbd className="border-slate-300">Enter</Kbd>
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p aria-hidden className="flex gap-4 border-t border-slate-200 px-4 py-2 text-xs text-slate-500 max-md:hidden">
            <span>
              <Kbd className="border-slate-300">↑</Kbd> <Kbd className="border-slate-300">↓</Kbd> to move
            </span>
            <span>
              <Kbd className="border-slate-300">Enter</Kbd> to open
            </span>
            <span>
              <Kbd className="border-slate-300">Esc</Kbd> to close
            </span>
          </p>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Avatar with the live dot, name and what the dot says; a group shows how many are online. */
function ChoiceRow({ choice: c, meId }: { choice: SwitcherChoice; meId: string }) {
  if (c.kind === "conversation" && c.channel) return <ChannelRow name={c.title} {...c.channel} />;
  if (c.kind === "conversation" && (c.isGroup || c.others.length !== 1)) return <GroupRow title={c.title} others={c.others} />;
  const person = c.kind === "person" ? { id: c.userId, name: c.name } : c.others[0]!;
  return (
    <>
      <Avatar id={person.id} name={person.name} size="md">
        <MemberDot userId={person.id} size="md" fallback={c.status} self={person.id === meId} />
      </Avatar>
      <span className="min-w-0">
        <span dir="auto" className="block truncate text-sm font-medium" data-testid="switcher-name">
          {person.name}
        </span>
        <PersonLine userId={person.id} fallback={c.status} dm={c.kind === "conversation"} />
      </span>
    </>
  );
}

function PersonLine({ userId, fallback, dm }: { userId: string; fallback?: PresenceStatus; dm: boolean }) {
  const text = usePresenceText(userId) ?? (fallback ? STATUS_LABEL[fallback] : null);
  // The dot already says the status to a screen reader; "Direct message" is said once, here.
  return (
    <span className="block truncate text-xs text-slate-600">
      <span aria-hidden>{text}</span>
      {text && dm && <span aria-hidden> · </span>}
      {dm && "Direct message"}
      {!text && !dm && "\u00a0"}
    </span>
  );
}

function ChannelRow({ name, isPrivate, memberCount }: { name: string; isPrivate: boolean; memberCount: number }) {
  const Icon = isPrivate ? Lock : Hash;
  return (
    <>
      <span className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md bg-slate-200 text-slate-700">
        <Icon className="h-4 w-4" aria-hidden />
      </span>
      <span className="min-w-0">
        <span dir="auto" className="block truncate text-sm font-medium" data-testid="switcher-name">
          <span aria-hidden>#</span>
          {name}
        </span>
        <span className="block truncate text-xs text-slate-600">
          {isPrivate ? "Private channel" : "Channel"} · {membersText(memberCount)}
        </span>
      </span>
    </>
  );
}

function GroupRow({ title, others }: { title: string; others: { id: string; name: string }[] }) {
  const { getPresence, loaded } = usePresence();
  useWatch(others.map((u) => u.id));
  const online = others.filter((u) => (getPresence(u.id)?.status ?? "offline") !== "offline").length;
  return (
    <>
      <span className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md bg-slate-200 text-slate-700">
        <Users className="h-4 w-4" aria-hidden />
      </span>
      <span className="min-w-0">
        <span dir="auto" className="block truncate text-sm font-medium" data-testid="switcher-name">
          {title}
        </span>
        <span className="block truncate text-xs text-slate-600">
          Group message{loaded ? ` · ${online} of ${others.length} online` : ""}
        </span>
      </span>
    </>
  );
}
