"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { Search } from "lucide-react";
import { isTyping } from "@/lib/shortcuts";

/**
 * The sidebar's search field: it opens the search page (a plain GET form, so it works before
 * the page's script has loaded). "/" focuses it, or the search page's own field when that page
 * is open, unless the key is typed into a field or a dialog is open.
 */
export function SidebarSearch({ slug }: { slug: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target instanceof HTMLElement ? e.target : null)) return;
      if (document.querySelector("[role='dialog'], [role='alertdialog']")) return;
      const field = document.querySelector<HTMLInputElement>("main [data-search-field]") ?? input.current;
      if (!field || field.offsetParent === null) return; // hidden (the phone layout's closed drawer)
      e.preventDefault();
      field.focus();
      field.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <form
      role="search"
      action={`/w/${slug}/search`}
      onSubmit={(e) => {
        e.preventDefault();
        const q = input.current?.value.trim();
        if (!q) return;
        router.push(`/w/${slug}/search?q=${encodeURIComponent(q)}`);
        input.current!.value = "";
        input.current!.blur();
      }}
      className="relative px-0.5"
    >
      <label htmlFor={`sidebar-search-${slug}`} className="sr-only">
        Search messages and people
      </label>
      <Search className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-sidebar-muted" aria-hidden />
      <input
        ref={input}
        id={`sidebar-search-${slug}`}
        name="q"
        type="search"
        required
        maxLength={200}
        placeholder="Search"
        aria-keyshortcuts="/"
        autoComplete="off"
        className="w-full rounded-md border border-white/15 bg-white/10 py-1.5 pl-8 pr-7 text-sm text-white placeholder:text-sidebar-muted focus:border-white/40 focus:outline-none focus:ring-2 focus:ring-indigo-400 max-md:min-h-11"
      />
      <kbd aria-hidden className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-white/20 px-1 text-[10px] leading-4 text-sidebar-muted max-md:hidden">
        /
      </kbd>
    </form>
  );
}
