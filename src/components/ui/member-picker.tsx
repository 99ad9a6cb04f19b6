"use client";

import { useState } from "react";
import { Avatar } from "./avatar";

export interface PickableMember {
  id: string;
  name: string;
  email: string;
}

/** A set of picked ids with a toggle. */
export function usePicked(initial: Iterable<string> = []) {
  const [picked, setPicked] = useState<Set<string>>(() => new Set(initial));
  const toggle = (id: string) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return { picked, setPicked, toggle };
}

/** A checkbox list of members, used to start a DM and to edit the invisible allowlist. */
export function MemberPicker({
  members,
  picked,
  onToggle,
  className = "mt-4",
  label,
}: {
  members: PickableMember[];
  picked: ReadonlySet<string>;
  onToggle: (id: string) => void;
  className?: string;
  label?: string;
}) {
  return (
    <ul className={`${className} max-h-72 space-y-1 overflow-y-auto`} aria-label={label}>
      {members.map((m) => (
        <li key={m.id}>
          <label className="flex cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 hover:bg-slate-50">
            <input
              type="checkbox"
              checked={picked.has(m.id)}
              onChange={() => onToggle(m.id)}
              className="h-4 w-4 rounded border-slate-300 text-indigo-600"
            />
            <Avatar id={m.id} name={m.name} size="sm" />
            <span className="text-sm">{m.name}</span>
            <span className="truncate text-xs text-slate-500">{m.email}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}
