import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { MemberSearch } from "@/components/workspace/use-member-list";

// The picker's first render (a blank box), without a socket or presence; what a typed query shows is
// searchView's part (member-search.test.ts).
const answer: MemberSearch = { q: "", rows: null, loading: false, error: null };
vi.mock("@/components/workspace/use-member-list", () => ({ useMemberSearch: () => answer }));
vi.mock("@/components/presence/presence-provider", () => ({
  usePresence: () => ({ getPresence: () => undefined, now: 0, me: null, statuses: { getStatus: () => null, serverNow: () => 0 } }),
  useWatch: () => {},
}));

const { MemberSearchPicker } = await import("./member-picker");

function render(props: Partial<Parameters<typeof MemberSearchPicker>[0]> = {}) {
  return renderToStaticMarkup(
    createElement(MemberSearchPicker, {
      members: [{ id: "a", name: "Ann" }],
      memberCount: 50_000,
      excludeId: "me",
      picked: new Set<string>(),
      onToggle: () => {},
      names: new Map(),
      onSeen: () => {},
      ...props,
    }),
  );
}

describe("MemberSearchPicker (first render)", () => {
  it("labels its box and hints before typing", () => {
    const html = render({ inputLabel: "Find people by name" });
    expect(html).toMatch(/<label for="([^"]+)-q"[^>]*>Find people by name<\/label><input id="\1-q" type="search"/);
    expect(html).toContain("Type a name to find people among 50,000 members.");
    expect(html).not.toContain("checkbox");
  });

  it("lists picked people by their known names, checked, and counts the ones it cannot name", () => {
    const html = render({ picked: new Set(["a", "b", "x"]), names: new Map([["b", "Bo"]]) });
    expect(html).toContain('aria-label="Selected"');
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    expect(html.match(/checked=""/g)).toHaveLength(2);
    expect(html).toContain(">Ann<");
    expect(html).toContain(">Bo<");
    expect(html).toContain("1 more selected person is not shown here.");
  });

  it("offers radios in single mode and lists only the chosen one", () => {
    const html = render({ single: true, picked: new Set(["a"]), label: "New owner" });
    expect(html).toContain('role="radiogroup" aria-label="New owner"');
    expect(html.match(/type="radio"/g)).toHaveLength(1);
  });
});
