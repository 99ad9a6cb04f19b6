import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { clipSnippet, searchCursor, searchQuery, splitSnippet } from "./message-search";

const S = "\u0002";
const E = "\u0003";

describe("splitSnippet", () => {
  it("splits on the markers, in order, without empty parts", () => {
    expect(splitSnippet(`We are ${S}deploying${E} the ${S}release${E}`)).toEqual([
      { text: "We are ", hit: false },
      { text: "deploying", hit: true },
      { text: " the ", hit: false },
      { text: "release", hit: true },
    ]);
    expect(splitSnippet(`${S}all${E}`)).toEqual([{ text: "all", hit: true }]);
    expect(splitSnippet("")).toEqual([]);
  });

  it("keeps markup and lookalike text as plain text", () => {
    expect(splitSnippet(`<script>x</script> <mark>${S}kiwi${E}</mark>`)).toEqual([
      { text: "<script>x</script> <mark>", hit: false },
      { text: "kiwi", hit: true },
      { text: "</mark>", hit: false },
    ]);
  });

  it("ends an unclosed highlight at the edge and joins neighbours of one kind", () => {
    expect(splitSnippet(`a ${S}b`)).toEqual([
      { text: "a ", hit: false },
      { text: "b", hit: true },
    ]);
    expect(splitSnippet(`${S}a${E}${S}b${E}`)).toEqual([{ text: "ab", hit: true }]);
    expect(splitSnippet(`x${E}y`)).toEqual([{ text: "xy", hit: false }]);
  });
});

describe("clipSnippet", () => {
  it("returns a message that fits whole", () => {
    expect(clipSnippet(`short ${S}kiwi${E}`, 20)).toBe(`short ${S}kiwi${E}`);
  });

  it("cuts around the first match at spaces, with ellipses", () => {
    const text = `one two three four five six ${S}kiwi${E} seven eight nine ten eleven`;
    expect(clipSnippet(text, 30, 10)).toBe(`…five six ${S}kiwi${E} seven eight nine…`);
  });

  it("keeps the start when the match is near it, and closes a highlight cut short", () => {
    expect(clipSnippet(`${S}kiwi${E} and more words after it`, 15, 10)).toBe(`${S}kiwi${E} and more…`);
    expect(clipSnippet(`${S}abcdefghijklmnop${E}`, 5, 2)).toBe(`${S}abcde${E}…`);
  });

  it("never cuts an emoji in half", () => {
    const clipped = clipSnippet(`${"😀".repeat(10)}${S}x${E}`, 4, 2);
    expect(clipped).toBe(`…😀😀${S}x${E}`);
  });
});

describe("searchQuery", () => {
  const parse = (raw: Record<string, string>) => z.safeParse(searchQuery, raw);

  it("takes 1 to 200 characters, trimmed, and a cursor from a previous page", () => {
    expect(parse({ q: "  deploy  " })).toMatchObject({ success: true, data: { q: "deploy", cursor: 0 } });
    expect(parse({ q: "x".repeat(200), cursor: "20" })).toMatchObject({ success: true, data: { cursor: 20 } });
  });

  it("refuses an empty or long query, control characters and a bad cursor, saying why", () => {
    const error = (raw: Record<string, string>) => {
      const r = parse(raw);
      return r.success ? null : r.error.issues[0]!.message;
    };
    expect(error({})).toBe("Type something to search for.");
    expect(error({ q: "   " })).toBe("Type something to search for.");
    expect(error({ q: "x".repeat(201) })).toBe("Search: at most 200 characters.");
    expect(error({ q: "a\u0002b" })).toBe("Search cannot contain control characters.");
    for (const cursor of ["-20", "abc", "21", "0", "1e3", "2000"]) expect(error({ q: "x", cursor })).toBe("Invalid cursor.");
  });

  it("encodes and decodes the cursor", () => {
    expect(searchCursor.decode(searchCursor.encode(40))).toBe(40);
  });
});
