import { describe, expect, it } from "vitest";
import { asciiSlug, randomSlug, slugify } from "./slug";

describe("slugify", () => {
  it("keeps ASCII names readable", () => {
    expect(slugify("Launch crew")).toBe("launch-crew");
    expect(slugify("  --Team 42!! ")).toBe("team-42");
  });

  it("transliterates Latin letters with diacritics", () => {
    expect(slugify("Café Zürich")).toBe("cafe-zurich");
    expect(slugify("Łódź Straße")).toBe("lodz-strasse");
    expect(slugify("Ærøskøbing")).toBe("aeroskobing");
    expect(slugify("ＦＵＬＬ width")).toBe("full-width");
  });

  it("uses a short random address when nothing ASCII remains", () => {
    const a = slugify("東京チーム");
    const b = slugify("東京チーム");
    expect(a).toMatch(/^w-[a-z0-9]{6}$/);
    expect(b).toMatch(/^w-[a-z0-9]{6}$/);
    expect(a).not.toBe(b);
    expect(slugify("🚀🚀")).toMatch(/^w-[a-z0-9]{6}$/);
    expect(asciiSlug("Ελληνικά")).toBe("");
  });

  it("keeps the ASCII part of mixed names", () => {
    expect(slugify("東京 Team")).toBe("team");
  });

  it("stays within 40 characters without a trailing dash", () => {
    const s = slugify(`${"a".repeat(39)} b`);
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith("-")).toBe(false);
  });

  it("random addresses are varied", () => {
    expect(new Set(Array.from({ length: 200 }, randomSlug)).size).toBe(200);
  });
});
