"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import dynamic from "next/dynamic";
import { usePathname, useRouter } from "next/navigation";
import { Keyboard, Search } from "lucide-react";
import { onceOpened } from "@/components/ui/once-opened";
import { warmOn } from "@/components/ui/load-on-use";
import { adjacentConversation, isApple, isTyping, shortcutOf } from "@/lib/shortcuts";
import { viewedConversation } from "@/lib/unread";
import { conversationPath } from "@/shared/format";
import type { MemberView } from "@/shared/shell";
import type { ConversationSummary } from "@/shared/types";
import { Kbd } from "./kbd";

// The dialogs' code loads on first use (or when a pointer or focus comes near their buttons).
const loadSwitcher = () => import("./quick-switcher");
const loadHelp = () => import("./shortcuts-help");
const QuickSwitcher = onceOpened(dynamic(() => loadSwitcher().then((m) => m.QuickSwitcher)));
const ShortcutsHelp = onceOpened(dynamic(() => loadHelp().then((m) => m.ShortcutsHelp)));

interface ShortcutDialogs {
  openSwitcher(): void;
  openHelp(): void;
}

const DialogsContext = createContext<ShortcutDialogs | null>(null);

const noSubscribe = () => () => {};
const platform = () => (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform || navigator.platform || "";

/** Whether the command key is ⌘: false on the server and during hydration (the page says Ctrl until then). */
export function useApple(): boolean {
  return useSyncExternalStore(noSubscribe, () => isApple(platform()), () => false);
}

/** Where a key press was inside an open dialog or menu: the page's shortcuts leave it to them. */
const inOverlay = (el: Element | null) => !!el?.closest('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]');

/**
 * The workspace's keyboard shortcuts and the two dialogs they open: the quick switcher (Ctrl+K, ⌘K
 * on Apple; also while typing) and the shortcuts help (`?`, not while typing); Alt+↑/↓ go to the
 * previous or next conversation of the sidebar. Keys typed while the switcher's code is still
 * loading are kept and handed to its search box.
 */
export function Shortcuts({
  slug,
  meId,
  conversations,
  members,
  memberCount,
  children,
}: {
  slug: string;
  meId: string;
  conversations: ConversationSummary[];
  members: MemberView[];
  memberCount: number;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname() ?? "";
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  /** Keys typed between the shortcut and the switcher's box taking focus (null: not listening). */
  const typed = useRef<string | null>(null);
  const apple = useApple();

  // A dialog opened without a Radix trigger gives focus back here itself (the page is inert
  // while it is open, so the dialog cannot read where focus was once it shows).
  const returnTo = useRef<HTMLElement | null>(null);
  const remember = () => {
    const el = document.activeElement;
    returnTo.current = el instanceof HTMLElement && el !== document.body ? el : null;
  };
  const restoreFocus = useCallback(() => {
    const el = returnTo.current;
    returnTo.current = null;
    if (el?.isConnected) el.focus();
    else document.getElementById("main")?.focus();
  }, []);

  const openSwitcher = useCallback(() => {
    remember();
    typed.current = "";
    setHelpOpen(false);
    setSwitcherOpen(true);
  }, []);
  const openHelp = useCallback(() => {
    remember();
    setHelpOpen(true);
  }, []);
  const takeTyped = useCallback(() => {
    const t = typed.current ?? "";
    typed.current = null;
    return t;
  }, []);
  const onSwitcherOpenChange = useCallback((open: boolean) => {
    if (!open) typed.current = null;
    setSwitcherOpen(open);
  }, []);

  const state = useRef({ switcherOpen, conversations, pathname, apple });
  state.current = { switcherOpen, conversations, pathname, apple };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // While the switcher's box is not there yet, what is typed is meant for it. `typed` is set
      // the moment the switcher opens: keys pressed before React renders it open are kept too.
      if (typed.current !== null) {
        if (e.key === "Escape") {
          typed.current = null;
          setSwitcherOpen(false);
          e.preventDefault();
          return;
        }
        if (!e.ctrlKey && !e.metaKey && !e.altKey && !e.isComposing) {
          if (e.key.length === 1) typed.current += e.key;
          else if (e.key === "Backspace") typed.current = typed.current.slice(0, -1);
          else return;
          e.preventDefault();
          return;
        }
      }
      if (e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      const s = state.current;
      const shortcut = shortcutOf(e, { apple: s.apple, typing: isTyping(target as HTMLInputElement | null) });
      if (!shortcut) return;
      if (shortcut === "switcher") {
        if (s.switcherOpen) {
          e.preventDefault();
          return onSwitcherOpenChange(false);
        }
        if (inOverlay(target)) return;
        e.preventDefault();
        return openSwitcher();
      }
      if (inOverlay(target)) return;
      if (shortcut === "help") {
        e.preventDefault();
        return openHelp();
      }
      const current = viewedConversation(s.pathname, slug);
      // The sidebar's order: channels, then DMs.
      const ids = s.conversations.map((c) => c.id);
      const next = adjacentConversation(ids, current, shortcut === "next" ? 1 : -1);
      // Nowhere to go: the keys stay the browser's.
      if (!next) return;
      e.preventDefault();
      router.push(conversationPath(slug, next, Boolean(s.conversations.find((c) => c.id === next)?.channel)));
    };
    // Capture: the keys typed while the switcher loads must not reach the element that has focus.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [router, slug, openSwitcher, openHelp, onSwitcherOpenChange]);

  const dialogs = useMemo(() => ({ openSwitcher, openHelp }), [openSwitcher, openHelp]);
  return (
    <DialogsContext.Provider value={dialogs}>
      {children}
      <QuickSwitcher
        open={switcherOpen}
        onOpenChange={onSwitcherOpenChange}
        takeTyped={takeTyped}
        restoreFocus={restoreFocus}
        slug={slug}
        meId={meId}
        conversations={conversations}
        members={members}
        memberCount={memberCount}
      />
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} apple={apple} restoreFocus={restoreFocus} />
    </DialogsContext.Provider>
  );
}

function useDialogs(): ShortcutDialogs {
  const value = useContext(DialogsContext);
  if (!value) throw new Error("useDialogs must be used inside <Shortcuts>");
  return value;
}

/**
 * The sidebar's "Jump to…" button with its shortcut, and the shortcuts help button. `phone`: the
 * phone top bar's icon button instead.
 */
export function JumpToButton({ phone = false }: { phone?: boolean }) {
  const { openSwitcher } = useDialogs();
  const apple = useApple();
  const warm = () => void loadSwitcher();
  if (phone) {
    return (
      <button
        type="button"
        onClick={openSwitcher}
        {...warmOn(warm)}
        aria-label="Jump to…"
        data-testid="jump-to-phone"
        className="ml-auto inline-flex h-11 w-11 shrink-0 items-center justify-center rounded-md hover:bg-sidebar-hover focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
      >
        <Search className="h-5 w-5" aria-hidden />
      </button>
    );
  }
  return (
    <button
      type="button"
      onClick={openSwitcher}
      {...warmOn(warm)}
      aria-keyshortcuts={apple ? "Meta+K" : "Control+K"}
      data-testid="jump-to"
      className="flex min-w-0 flex-1 items-center gap-2 rounded-md border border-white/10 bg-white/5 px-2 py-1 text-left text-sm text-sidebar-muted hover:bg-sidebar-hover hover:text-white max-md:min-h-11"
    >
      <Search className="h-3.5 w-3.5 shrink-0" aria-hidden />
      <span className="flex-1 truncate">Jump to…</span>
      <span className="shrink-0 max-md:hidden" aria-hidden>
        <Kbd className="border-white/20 text-sidebar-muted">{apple ? "⌘K" : "Ctrl K"}</Kbd>
      </span>
    </button>
  );
}

export function ShortcutsButton() {
  const { openHelp } = useDialogs();
  const warm = () => void loadHelp();
  return (
    <button
      type="button"
      onClick={openHelp}
      {...warmOn(warm)}
      aria-label="Keyboard shortcuts"
      aria-keyshortcuts="?"
      title="Keyboard shortcuts (?)"
      data-testid="shortcuts-button"
      className="inline-flex shrink-0 items-center justify-center rounded p-1.5 text-sidebar-muted hover:bg-sidebar-hover hover:text-white max-md:h-11 max-md:w-11"
    >
      <Keyboard className="h-4 w-4" aria-hidden />
    </button>
  );
}
