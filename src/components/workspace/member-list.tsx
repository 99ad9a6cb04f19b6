"use client";

import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import type { MemberView } from "./types";

/** Sidebar member list. A member links to the 1:1 DM with them. */
export function MemberList({ members, meId, slug }: { members: MemberView[]; meId: string; slug: string }) {
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="px-2 text-xs font-semibold uppercase tracking-wide text-sidebar-muted">
        Members <span className="font-normal">· {members.length}</span>
      </h2>
      <ul className="mt-1 space-y-0.5" data-testid="member-list">
        {members.map((m) => (
          <li key={m.id} data-member-id={m.id}>
            <Link
              href={m.id === meId ? `/w/${slug}` : `/w/${slug}/dm/with/${m.id}`}
              className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-sidebar-hover"
            >
              <Avatar id={m.id} name={m.name} size="sm" />
              <span className="truncate">{m.name}</span>
              {m.id === meId && <span className="text-xs text-sidebar-muted">(you)</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
