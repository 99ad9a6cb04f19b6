import { describe, expect, it } from "vitest";
import colors from "tailwindcss/colors";
import { AVATAR_COLORS } from "./avatar";

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe("avatar palette", () => {
  it.each(AVATAR_COLORS)("white initials on %s are at least 4.5:1", (cls) => {
    const [, name, shade] = /^bg-([a-z]+)-(\d+)$/.exec(cls)!;
    const hex = (colors as unknown as Record<string, Record<string, string>>)[name!]![shade!]!;
    expect(contrast("#ffffff", hex)).toBeGreaterThanOrEqual(4.5);
  });

  it("the contrast helper agrees with the known failure (white on teal-500)", () => {
    expect(contrast("#ffffff", colors.teal[500])).toBeLessThan(3);
  });
});
