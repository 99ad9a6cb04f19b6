import type { Metadata } from "next";
import { requireShell } from "@/server/services/shell";
import { formatCount } from "@/shared/format";
import { PersonAvatar } from "@/components/people/person-avatar";
import { PersonTitle } from "@/components/people/person-title";
import { LocalTimeText } from "@/components/people/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { InviteForm } from "@/components/workspace/invite-form";
import { MemberDot } from "@/components/presence/member-dot";
import { StatusBadge } from "@/components/presence/custom-status";
import { PresenceText } from "@/components/presence/presence-text";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { workspace } = await requireShell((await params).slug);
  return { title: workspace.name };
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
/** People shown on Home (by name); everyone else is in the sidebar member list and its search. */
const HOME_PEOPLE = 60;

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, members, memberCount, me } = await requireShell((await params).slug);
  const isAdmin = me.role !== "member";
  // A big workspace shows (and watches) the first people by name only.
  const shown = members.slice(0, HOME_PEOPLE);
  const more = Math.max(0, memberCount - shown.length);
  return (
    <>
      <PageHeader title={workspace.name} subtitle={`${formatCount(memberCount)} ${memberCount === 1 ? "member" : "members"}`} />
      <div className="flex-1 space-y-8 overflow-y-auto px-4 py-6 md:px-6">
        {isAdmin && (
          <section className="rounded-xl border border-slate-200 p-4">
            <InviteForm slug={workspace.slug} />
          </section>
        )}
        <section aria-labelledby="people-heading">
          <h2 id="people-heading" className="text-sm font-semibold text-slate-700">
            People
          </h2>
          <ul className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {shown.map((m) => (
              <li key={m.id} className="flex items-center gap-3 rounded-xl border border-slate-200 p-3">
                <PersonAvatar id={m.id} name={m.name} size="lg">
                  <MemberDot userId={m.id} size="md" self={m.id === me.id} />
                </PersonAvatar>
                <div className="min-w-0">
                  <p className="truncate font-medium">
                    <bdi>{m.name}</bdi> {m.id === me.id && <span className="text-sm font-normal text-slate-500">(you)</span>}
                  </p>
                  <PersonTitle userId={m.id} className="block truncate text-sm text-slate-700" />
                  <StatusBadge userId={m.id} className="flex max-w-full text-sm text-slate-700" />
                  <p className="truncate text-sm text-slate-500">{m.email}</p>
                  <span className="block text-xs text-slate-600">
                    <PresenceText userId={m.id} self={m.id === me.id} />
                    <LocalTimeText userId={m.id} />
                  </span>
                  <p className="text-xs text-slate-500">
                    <span className="capitalize">{m.role}</span> · joined {dateFormat.format(new Date(m.joinedAt))}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          {more > 0 && (
            <p className="mt-4 text-sm text-slate-600" data-testid="people-more">
              and {more.toLocaleString("en")} more: find them in the member list
            </p>
          )}
          {memberCount === 1 && (
            <p className="mt-4 text-sm text-slate-500">
              It is just you so far. {isAdmin ? "Invite your team above." : "Ask an admin to invite your team."}
            </p>
          )}
        </section>
      </div>
    </>
  );
}
