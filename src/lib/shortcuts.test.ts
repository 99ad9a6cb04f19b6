import { describe, expect, it } from "vitest";
import { adjacentConversation, isApple, isTyping, shortcutOf, type KeyPress } from "./shortcuts";
import { shortcutList } from "./shortcut-list";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : "",
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const linux = { apple: false, typing: false };
const mac = { apple: true, typing: false };

describe("shortcutOf", () => {
  it("opens the switcher with Ctrl+K, or ⌘K on Apple, even while typing", () => {
    expect(shortcutOf(press("k", { ctrlKey: true }), linux)).toBe("switcher");
    expect(shortcutOf(press("K", { ctrlKey: true }), { apple: false, typing: true })).toBe("switcher");
    expect(shortcutOf(press("k", { metaKey: true }), mac)).toBe("switcher");
    expect(shortcutOf(press("k", { metaKey: true }), { apple: true, typing: true })).toBe("switcher");
  });

  it("leaves the other platform's modifier and extra modifiers to the browser", () => {
    expect(shortcutOf(press("k", { ctrlKey: true }), mac)).toBeNull();
    expect(shortcutOf(press("k", { metaKey: true }), linux)).toBeNull();
    expect(shortcutOf(press("k", { ctrlKey: true, shiftKey: true }), linux)).toBeNull();
    expect(shortcutOf(press("k", { ctrlKey: true, altKey: true }), linux)).toBeNull();
    expect(shortcutOf(press("k"), linux)).toBeNull();
  });

  it("reads the key's place on a non-Latin layout", () => {
    expect(shortcutOf({ ...press("л", { ctrlKey: true }), code: "KeyK" }, linux)).toBe("switcher");
    // On a Latin layout the letter counts, not the place (Dvorak's K sits on the US T).
    expect(shortcutOf({ ...press("t", { ctrlKey: true }), code: "KeyK" }, linux)).toBeNull();
  });

  it("opens help with ? and moves between conversations with Alt+arrows, only when not typing", () => {
    expect(shortcutOf(press("?", { shiftKey: true }), linux)).toBe("help");
    expect(shortcutOf(press("?", { shiftKey: true }), { apple: false, typing: true })).toBeNull();
    expect(shortcutOf(press("ArrowUp", { altKey: true }), linux)).toBe("previous");
    expect(shortcutOf(press("ArrowDown", { altKey: true }), mac)).toBe("next");
    expect(shortcutOf(press("ArrowDown", { altKey: true }), { apple: false, typing: true })).toBeNull();
    expect(shortcutOf(press("ArrowDown"), linux)).toBeNull();
    expect(shortcutOf(press("?", { ctrlKey: true }), linux)).toBeNull();
  });

  it("ignores keys of an input method composition", () => {
    expect(shortcutOf(press("k", { ctrlKey: true, isComposing: true }), linux)).toBeNull();
  });
});

describe("isTyping", () => {
  it("counts text fields, text areas, selects and editable content", () => {
    expect(isTyping({ tagName: "INPUT", type: "text" })).toBe(true);
    expect(isTyping({ tagName: "INPUT", type: "search" })).toBe(true);
    expect(isTyping({ tagName: "INPUT" })).toBe(true);
    expect(isTyping({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTyping({ tagName: "SELECT" })).toBe(true);
    expect(isTyping({ tagName: "DIV", isContentEditable: true })).toBe(true);
  });
  it("does not count buttons, checkboxes, links or nothing", () => {
    expect(isTyping({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTyping({ tagName: "BUTTON" })).toBe(false);
    expect(isTyping({ tagName: "A" })).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("isApple", () => {
  it("knows macOS and iOS platforms", () => {
    expect(isApple("MacIntel")).toBe(true);
    expect(isApple("iPhone")).toBe(true);
    expect(isApple("macOS")).toBe(true);
    expect(isApple("Linux x86_64")).toBe(false);
    expect(isApple("Win32")).toBe(false);
  });
});

describe("adjacentConversation", () => {
  const ids = ["a", "b", "c"];
  it("steps in the sidebar's order without wrapping", () => {
    expect(adjacentConversation(ids, "b", 1)).toBe("c");
    expect(adjacentConversation(ids, "b", -1)).toBe("a");
    expect(adjacentConversation(ids, "c", 1)).toBeNull();
    expect(adjacentConversation(ids, "a", -1)).toBeNull();
  });
  it("starts at an end from no conversation", () => {
    expect(adjacentConversation(ids, null, 1)).toBe("a");
    expect(adjacentConversation(ids, "gone", -1)).toBe("c");
    expect(adjacentConversation([], null, 1)).toBeNull();
  });
});

describe("shortcutList", () => {
  it("names the platform's keys", () => {
    expect(shortcutList(true)[0]!.lines[0]!.keys).toEqual([["⌘", "K"]]);
    expect(shortcutList(false)[0]!.lines[0]!.keys).toEqual([["Ctrl", "K"]]);
  });
});
