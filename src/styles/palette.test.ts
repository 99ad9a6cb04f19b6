// The dark theme's colours: the pairs the pages use keep WCAG AA contrast in both themes, the
// translucent and fixed whites stay white, and the variables the config emits say the same.
import { describe, expect, it } from "vitest";
import { contrast, darkVariables, resolve, surfacePalette, surfaceWhite, textPalette } from "./palette";

type Color = Parameters<typeof resolve>[2];
// [text, on surface]: as components write them (text-x on bg-y).
const TEXT_ON: [Color, Color][] = [
  ["slate-900", "white"],
  ["slate-900", "slate-50"],
  ["slate-700", "white"],
  ["slate-700", "slate-100"],
  ["slate-600", "white"],
  ["slate-600", "slate-50"],
  ["slate-500", "white"],
  ["slate-500", "slate-50"],
  ["indigo-600", "white"],
  ["indigo-700", "indigo-50"],
  ["indigo-600", "indigo-50"],
  ["red-700", "red-50"],
  ["red-600", "white"],
  ["emerald-800", "emerald-50"],
  ["emerald-700", "white"],
  ["amber-800", "amber-50"],
  ["amber-700", "white"],
  ["rose-700", "white"],
];
// White text on solid fills: buttons, avatars, badges.
const WHITE_ON: Color[] = ["indigo-600", "indigo-700", "red-600", "rose-600", "emerald-700", "sky-700", "teal-700", "violet-700", "fuchsia-700", "amber-700", "rose-700"];

describe("the palette", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`keeps AA contrast (4.5:1) for text on its surfaces, ${theme}`, () => {
      const low = TEXT_ON.map(([t, s]) => [`text-${t} on bg-${s}`, contrast(resolve(theme, "text", t), resolve(theme, "surface", s))] as const).filter(([, r]) => r < 4.5);
      expect(low).toEqual([]);
      const lowWhite = WHITE_ON.map((s) => [`text-white on bg-${s}`, contrast([255, 255, 255], resolve(theme, "surface", s))] as const).filter(([, r]) => r < 4.5);
      expect(lowWhite).toEqual([]);
    });
    it(`keeps the focus ring (indigo 500) at 3:1 against the page, ${theme}`, () => {
      expect(contrast(resolve(theme, "surface", "indigo-500"), resolve(theme, "surface", "white"))).toBeGreaterThanOrEqual(3);
    });
  }

  it("turns the pale surfaces dark and the dark text light, and leaves solid fills alone", () => {
    expect(resolve("dark", "surface", "white")).toEqual([15, 23, 42]);
    expect(resolve("dark", "surface", "slate-100")).toEqual([30, 41, 59]);
    expect(resolve("dark", "text", "slate-900")).toEqual([241, 245, 249]);
    expect(resolve("dark", "text", "indigo-600")).toEqual([165, 180, 252]);
    expect(resolve("dark", "surface", "indigo-600")).toEqual([79, 70, 229]);
    // Text already written for the dark sidebar stays.
    expect(resolve("dark", "text", "slate-100")).toEqual([241, 245, 249]);
    expect(resolve("dark", "text", "red-300")).toEqual([252, 165, 165]);
  });

  it("writes each colour as a variable with Tailwind's value as the light fallback", () => {
    expect(surfacePalette.slate["100"]).toBe("rgb(var(--c-slate-100, 241 245 249) / <alpha-value>)");
    expect(textPalette.slate["600"]).toBe("rgb(var(--t-slate-600, 71 85 105) / <alpha-value>)");
    // Unchanged in the dark theme: no variable.
    expect(surfacePalette.indigo["600"]).toBe("rgb(79 70 229 / <alpha-value>)");
    expect(textPalette.slate["100"]).toBe("rgb(241 245 249 / <alpha-value>)");
    const vars = darkVariables();
    expect(vars["--c-white"]).toBe("15 23 42");
    expect(vars["--c-slate-100"]).toBe("30 41 59");
    expect(vars["--t-slate-600"]).toBe("203 213 225");
    expect(vars["--c-indigo-600"]).toBeUndefined();
  });

  it("keeps translucent white white (over the dark sidebar) and opaque white the page's surface", () => {
    expect(surfaceWhite({ opacityValue: "0.1" })).toBe("rgb(255 255 255 / 0.1)");
    expect(surfaceWhite({ opacityValue: "var(--tw-bg-opacity)", opacityVariable: "--tw-bg-opacity" })).toBe("rgb(var(--c-white, 255 255 255) / var(--tw-bg-opacity))");
    expect(surfaceWhite({})).toBe("rgb(var(--c-white, 255 255 255) / 1)");
  });
});
