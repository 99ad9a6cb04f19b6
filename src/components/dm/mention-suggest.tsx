"use client";

import { useEffect, useId, useMemo, useState } from "react";
import { PersonAvatar } from "@/components/people/person-avatar";
import { MemberDot } from "@/components/presence/member-dot";
import { useMemberSearch } from "@/components/workspace/use-member-list";
import { carriesEveryone } from "@/components/ui/member-search";
import { insertMention, mentionFragment, suggestMentions, type Mentionable } from "@/lib/mention-suggest";
import type { PresenceStatus } from "@/shared/presence";

type Suggestion = Mentionable & { status?: PresenceStatus };

/**
 * The composer's @mention suggestions: the people matching the "@…" typed before `caret` (while
 * `focused`), from `people` and, when the workspace has more members than that (`memberCount`), from
 * a debounced `members:search`. `keyDown` answers whether it used the key; `pick` answers the text
 * with the person inserted and the caret after them.
 */
export function useMentionSuggest({
  people,
  memberCount,
  text,
  caret,
  focused,
}: {
  people: readonly Mentionable[] | undefined;
  memberCount: number | undefined;
  text: string;
  caret: number | null;
  focused: boolean;
}) {
  const listId = useId();
  const fragment = people && focused && caret !== null ? mentionFragment(text, caret) : null;
  // `people` may name someone twice (a member who also wrote here).
  const remote = !!people && !!fragment && !carriesEveryone(new Set(people.map((p) => p.id)).size, memberCount);
  const search = useMemberSearch(remote ? fragment.query : "");
  const query = fragment?.query ?? null;
  const options = useMemo<Suggestion[]>(() => {
    if (query === null || !people) return [];
    const found: Suggestion[] = remote && search.rows ? search.rows.map((r) => ({ id: r.userId, name: r.name, status: r.status })) : [];
    return suggestMentions([...people, ...found], query);
  }, [query, people, remote, search.rows]);
  /** The @ whose list was closed (Escape, or a person picked): it stays closed until another @ is typed. */
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const open = !!fragment && fragment.start !== closedAt && options.length > 0;
  useEffect(() => setActive(0), [query, fragment?.start]);
  const none = !fragment;
  useEffect(() => {
    if (none) setClosedAt(null);
  }, [none]);
  const current = Math.min(active, options.length - 1);

  const pick = (i: number) => {
    const m = options[i];
    if (!fragment || !m || caret === null) return null;
    setClosedAt(fragment.start);
    return insertMention(text, fragment, caret, m.name);
  };

  const optionId = (i: number) => `${listId}-${i}`;
  return {
    open,
    status: open ? `${options.length === 1 ? "1 person" : `${options.length} people`} to mention: up and down arrows to choose, Enter to insert.` : "",
    options,
    active: current,
    listId,
    optionId,
    pick,
    setActive,
    /**
     * The textarea's side of the combobox pattern. It stays a textbox (a multi-line field, and
     * ARIA allows no combobox role on a textarea nor aria-expanded on a textbox): `status`, read out
     * by a live region, says the list opened.
     */
    comboProps: {
      "aria-autocomplete": "list",
      "aria-controls": open ? listId : undefined,
      "aria-activedescendant": open ? optionId(current) : undefined,
    } as const,
    /** Handles the list's keys; answers "pick" when Enter or Tab chose the active person. */
    keyDown(e: React.KeyboardEvent): "pick" | boolean {
      if (!open || e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey) return false;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        const n = options.length;
        setActive((current + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
        return true;
      }
      if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey) return "pick";
      if (e.key === "Escape") {
        setClosedAt(fragment!.start);
        return true;
      }
      return false;
    },
  };
}

/** The suggestions above the composer: avatar with live presence dot, and name. */
export function MentionList({
  id,
  options,
  active,
  optionId,
  onPick,
  onHover,
}: {
  id: string;
  options: readonly Suggestion[];
  active: number;
  optionId: (i: number) => string;
  onPick: (i: number) => void;
  onHover: (i: number) => void;
}) {
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="People to mention"
      data-testid="mention-list"
      className="absolute bottom-full left-0 z-20 mb-1 max-h-72 w-full overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg md:max-w-sm"
    >
      {options.map((m, i) => (
        <li
          key={m.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          data-testid="mention-option"
          // The textarea keeps focus: the caret stays where the name goes.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(i)}
          onMouseMove={() => i !== active && onHover(i)}
          className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm max-md:min-h-11 ${i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800"}`}
        >
          <PersonAvatar id={m.id} name={m.name} size="sm">
            <MemberDot userId={m.id} size="sm" className="ring-white" fallback={m.status} />
          </PersonAvatar>
          <span dir="auto" className="truncate">
            {m.name}
          </span>
        </li>
      ))}
    </ul>
  );
}
