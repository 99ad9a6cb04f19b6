"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "@/components/auth/next-auth-client";
import { Home, LogOut, Mail, Settings, ShieldCheck } from "lucide-react";
import { PersonAvatar } from "@/components/people/person-avatar";
import { PeopleProvider } from "@/components/people/people-provider";
import { useHydrated } from "@/components/ui/use-hydrated";
import { SHELL_ID } from "@/components/ui/use-inert-shell";
import { DmList } from "@/components/dm/dm-list";
import { ChannelList } from "@/components/channels/channel-list";
import { NewDmDialog } from "@/components/dm/new-dm-dialog";
import { RealtimeProvider, useRealtime } from "@/components/realtime/realtime-provider";
import { ConnectionIndicator } from "@/components/realtime/connection-indicator";
import { PresenceProvider } from "@/components/presence/presence-provider";
import { UnreadProvider } from "@/components/unread/unread-provider";
import { NotificationSettings } from "@/components/unread/notification-settings";
import { JumpToButton, Shortcuts, ShortcutsButton } from "@/components/switcher/shortcuts";
import { MyStatus } from "./my-status";
import { MemberList } from "./member-list";
import { WorkspaceSwitcher } from "./workspace-switcher";
import { PhoneNav } from "./phone-nav";
import { SidebarSearch } from "./sidebar-search";
import type { FirstPaint, ShellData } from "@/shared/shell";

/**
 * Re-renders the server-side sidebar data when a DM is created for this user elsewhere, they join,
 * leave or are added to a channel, one of their channels is archived or brought back, or someone
 * joins or leaves the workspace.
 */
function LiveRefresh({ sidebarIds }: { sidebarIds: readonly string[] }) {
  const { socket } = useRealtime();
  const router = useRouter();
  const known = useRef(new Set<string>());
  known.current = new Set(sidebarIds);
  useEffect(() => {
    if (!socket) return;
    // Offline, a refresh would fail and Next.js would load the page in full, which the browser
    // then shows as its own "no internet" page: wait for the connection to come back instead.
    let owed = false;
    const refresh = () => {
      owed = !socket.connected || !navigator.onLine;
      if (!owed) router.refresh();
    };
    const reconnected = () => owed && refresh();
    // Every member's tab hears a membership change: spread their reloads over up to 2 s.
    let later: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
      clearTimeout(later);
      later = setTimeout(refresh, Math.random() * 2_000);
    };
    // A channel archived or brought back: every member's sidebar changes (spread, as above).
    const channelUpdated = (u: { conversationId: string; channel: { archived: boolean } }) => {
      if (u.channel.archived === known.current.has(u.conversationId)) refreshSoon();
    };
    socket.on("conversation:created", refresh);
    socket.on("conversation:removed", refresh);
    socket.on("channel:updated", channelUpdated);
    socket.on("workspace:membersChanged", refreshSoon);
    socket.on("connect", reconnected);
    return () => {
      socket.off("conversation:created", refresh);
      socket.off("conversation:removed", refresh);
      socket.off("channel:updated", channelUpdated);
      socket.off("workspace:membersChanged", refreshSoon);
      socket.off("connect", reconnected);
      clearTimeout(later);
    };
  }, [socket, router]);
  return null;
}

const NAV_LINK = "flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-sidebar-hover max-md:min-h-11";
/** Sidebar icon buttons: 44 px square on phone width (touch targets). */
const ICON_BUTTON = "inline-flex items-center justify-center rounded p-1.5 text-sidebar-muted hover:bg-sidebar-hover hover:text-white max-md:h-11 max-md:w-11";
const NAV_LINK_CURRENT = "bg-sidebar-active font-medium text-white";

/** A sidebar link that says (aria-current and a highlight) when its page is the one shown. */
function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const current = usePathname() === href;
  return (
    <Link href={href} aria-current={current ? "page" : undefined} className={`${NAV_LINK} ${current ? NAV_LINK_CURRENT : ""}`}>
      {children}
    </Link>
  );
}

export function WorkspaceShell({ data, firstPaint = null, children }: { data: ShellData; firstPaint?: FirstPaint | null; children: React.ReactNode }) {
  const { me, workspace } = data;
  const hydrated = useHydrated();
  // Below md the sidebar is a drawer; while it is open it is the only copy of the sidebar on the page.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [shell, setShell] = useState<HTMLDivElement | null>(null);
  const sidebar = (
    <>
      <div className="border-b border-white/10 p-2">
        <WorkspaceSwitcher current={workspace} workspaces={data.workspaces} role={me.role} />
        <div className="mt-1.5 flex items-center gap-1">
          <JumpToButton />
          <ShortcutsButton />
        </div>
      </div>
      {/* One scroll area for nav, DMs and members; the member list renders only its rows near the screen. */}
      <div className="flex-1 space-y-5 overflow-y-auto p-2 pt-3" data-sidebar-scroll>
        <SidebarSearch slug={workspace.slug} />
        <div className="space-y-0.5">
          <NavLink href={`/w/${workspace.slug}`}>
            <Home className="h-4 w-4" aria-hidden /> Home
          </NavLink>
          {me.role !== "member" && (
            <NavLink href={`/w/${workspace.slug}/admin`}>
              <ShieldCheck className="h-4 w-4" aria-hidden /> Admin · members
            </NavLink>
          )}
          {data.invitations > 0 && (
            <Link href="/invitations" className={NAV_LINK} data-testid="invitations-link">
              <Mail className="h-4 w-4" aria-hidden /> Invitations
              <span className="ml-auto rounded-full bg-indigo-600 px-1.5 text-xs font-semibold text-white">{data.invitations}</span>
            </Link>
          )}
        </div>
        <ChannelList channels={data.conversations.filter((c) => c.channel)} slug={workspace.slug} />
        <DmList
          conversations={data.conversations.filter((c) => !c.channel)}
          slug={workspace.slug}
          action={<NewDmDialog members={data.members} memberCount={data.memberCount} meId={me.id} slug={workspace.slug} />}
        />
        <MemberList memberCount={data.memberCount} meId={me.id} slug={workspace.slug} seed={firstPaint?.page} />
      </div>
      <div className="space-y-2 border-t border-white/10 p-3">
        <NotificationSettings />
        <MyStatus meId={me.id} members={data.members} memberCount={data.memberCount} />
        <ConnectionIndicator />
        <div className="flex items-center gap-2">
          <PersonAvatar id={me.id} name={me.name} size="md" />
          <div className="min-w-0 flex-1">
            <p dir="auto" className="truncate text-sm font-medium" data-testid="me-name">{me.name}</p>
            <p className="truncate text-xs text-sidebar-muted">{me.email}</p>
          </div>
          <Link
            href="/account"
            className={ICON_BUTTON}
            aria-label="Account settings"
            title="Account settings"
          >
            <Settings className="h-4 w-4" aria-hidden />
          </Link>
          <button
            onClick={() => signOut({ callbackUrl: "/signin" })}
            disabled={!hydrated}
            className={ICON_BUTTON}
            aria-label="Sign out"
            title="Sign out"
          >
            <LogOut className="h-4 w-4" aria-hidden />
          </button>
        </div>
      </div>
    </>
  );
  return (
    <RealtimeProvider workspace={workspace.slug}>
      <PresenceProvider slug={workspace.slug} meId={me.id} away={data.away} seed={firstPaint?.sync}>
      <PeopleProvider slug={workspace.slug} meId={me.id}>
      <UnreadProvider conversations={data.conversations} meId={me.id} slug={workspace.slug}>
      <LiveRefresh sidebarIds={data.conversations.map((c) => c.id)} />
      <Shortcuts slug={workspace.slug} meId={me.id} conversations={data.conversations} members={data.members} memberCount={data.memberCount}>
      <div id={SHELL_ID} ref={setShell}>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow-lg ring-2 ring-indigo-500 focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <div className="flex h-dvh flex-col overflow-hidden md:h-screen md:flex-row">
        <PhoneNav title={workspace.name} open={drawerOpen} onOpenChange={setDrawerOpen} container={shell} actions={<JumpToButton phone />}>
          <nav aria-label="Workspace" className="flex min-h-0 flex-1 flex-col">
            {sidebar}
          </nav>
        </PhoneNav>
        {!drawerOpen && (
          <nav aria-label="Workspace" className="hidden w-64 shrink-0 flex-col bg-sidebar text-slate-100 md:flex">
            {sidebar}
          </nav>
        )}
        <main id="main" tabIndex={-1} className="flex min-h-0 min-w-0 flex-1 flex-col bg-white focus:outline-none">{children}</main>
      </div>
      </div>
      </Shortcuts>
      </UnreadProvider>
      </PeopleProvider>
      </PresenceProvider>
    </RealtimeProvider>
  );
}
