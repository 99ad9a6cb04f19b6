import { describe, expect, it } from "vitest";
import { insertMention, mentionFragment, suggestMentions } from "./mention-suggest";

const at = (text: string) => mentionFragment(text.replace("|", ""), text.indexOf("|"));

describe("mentionFragment", () => {
  it("finds an @ at the start or after a space or punctuation, up to the caret", () => {
    expect(at("@|")).toEqual({ start: 0, query: "" });
    expect(at("@be|")).toEqual({ start: 0, query: "be" });
    expect(at("hi @Ben Ca|")).toEqual({ start: 3, query: "Ben Ca" });
    expect(at("(@jo|")).toEqual({ start: 1, query: "jo" });
    expect(at("ok,@ann| later")).toEqual({ start: 3, query: "ann" });
    expect(at("line one\n@zo|")).toEqual({ start: 9, query: "zo" });
    expect(at("@O'Br|")).toEqual({ start: 0, query: "O'Br" });
  });

  it("ignores emails, a second @ and an @ after a word character", () => {
    expect(at("mail a@b|")).toBeNull();
    expect(at("a@|")).toBeNull();
    expect(at("@@x|")).toBeNull();
    expect(at("x_@y|")).toBeNull();
    expect(at("no at here|")).toBeNull();
  });

  it("ends at a line break, a comma, a leading space, five words or 31 characters", () => {
    expect(at("@ben\nok|")).toBeNull();
    expect(at("@ben, see|")).toBeNull();
    expect(at("@ ben|")).toBeNull();
    expect(at("@a b c d e|")).toBeNull();
    expect(at("@a b c d|")).toEqual({ start: 0, query: "a b c d" });
    expect(at(`@${"x".repeat(30)}|`)).toEqual({ start: 0, query: "x".repeat(30) });
    expect(at(`@${"x".repeat(31)}|`)).toBeNull();
  });

  it("reads only up to the caret", () => {
    expect(at("@be|n")).toEqual({ start: 0, query: "be" });
    expect(at("@ben| and @c")).toEqual({ start: 0, query: "ben" });
    expect(at("|@ben")).toBeNull();
  });
});

describe("suggestMentions", () => {
  const people = [
    { id: "1", name: "Ben Carter" },
    { id: "2", name: "Ada Benson" },
    { id: "3", name: "Ben" },
    { id: "4", name: "Élodie Bennett" },
    { id: "5", name: "Cy" },
    { id: "6", name: "Seán O'Brien" },
  ];
  const names = (q: string, list = people) => suggestMentions(list, q).map((m) => m.name);

  it("ranks the name itself, then names starting with the query, then a word starting with it", () => {
    expect(names("be")).toEqual(["Ben", "Ben Carter", "Ada Benson", "Élodie Bennett"]);
    expect(names("ben")).toEqual(["Ben", "Ben Carter", "Ada Benson", "Élodie Bennett"]);
    expect(names("BEN CAR")).toEqual(["Ben Carter"]);
  });

  it("ignores accents, case and apostrophes", () => {
    expect(names("elo")).toEqual(["Élodie Bennett"]);
    expect(names("obri")).toEqual(["Seán O'Brien"]);
    expect(names("brien")).toEqual(["Seán O'Brien"]);
    expect(names("sean")).toEqual(["Seán O'Brien"]);
  });

  it("a trailing space wants a longer name; no query lists everyone by name", () => {
    expect(names("ben ")).toEqual(["Ben Carter"]);
    expect(names("cy ")).toEqual([]);
    expect(names("")).toEqual(["Ada Benson", "Ben", "Ben Carter", "Cy", "Élodie Bennett", "Seán O'Brien"]);
    expect(names("zz")).toEqual([]);
  });

  it("lists each person once, at most eight", () => {
    expect(names("ben", [...people, { id: "3", name: "Ben" }])).toEqual(["Ben", "Ben Carter", "Ada Benson", "Élodie Bennett"]);
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, name: `Max ${String.fromCharCode(65 + i)}` }));
    expect(names("max", many)).toEqual(["Max A", "Max B", "Max C", "Max D", "Max E", "Max F", "Max G", "Max H"]);
  });
});

describe("insertMention", () => {
  it("replaces the fragment with @Name and a space, the caret after it", () => {
    expect(insertMention("hi @be", { start: 3, query: "be" }, 6, "Ben Carter")).toEqual({ text: "hi @Ben Carter ", caret: 15 });
    expect(insertMention("@", { start: 0, query: "" }, 1, "Cy")).toEqual({ text: "@Cy ", caret: 4 });
  });

  it("keeps the text after the caret, reusing a space already there", () => {
    expect(insertMention("@b see you", { start: 0, query: "b" }, 2, "Ben")).toEqual({ text: "@Ben see you", caret: 5 });
    expect(insertMention("@bx", { start: 0, query: "b" }, 2, "Ben")).toEqual({ text: "@Ben x", caret: 5 });
  });
});
