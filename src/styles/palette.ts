// The colours of the pages, light and dark, for tailwind.config.ts.
//
// Components keep writing Tailwind's palette (`bg-white`, `text-slate-600`, `border-indigo-500`):
// each colour is a CSS variable whose light value is Tailwind's own (the variable's fallback), and
// the dark theme sets the variables (darkVariables, emitted by the config under
// `:root[data-theme=dark]` and under `prefers-color-scheme: dark` without a light choice).
//
// One name serves two jobs, so text and surfaces turn differently:
// - surfaces (backgrounds, borders, rings, fills): the pale shades (white, 50-300) that light pages
//   are made of become dark; the strong ones (400-900) are solid fills with white text (buttons,
//   avatars, badges, presence dots) and stay as they are, so that text keeps its contrast;
// - text: the dark shades (500-950) that read on light surfaces become light; the pale ones
//   (50-400) are already written for dark surfaces (the sidebar, solid fills) and stay.
// `text-white` is white in both themes; `bg-white` is the page's surface, but `bg-white/10` (a
// translucent white over the dark sidebar) stays white.
import colors from "tailwindcss/colors";

export const SHADES = ["50", "100", "200", "300", "400", "500", "600", "700", "800", "900", "950"] as const;
export type Shade = (typeof SHADES)[number];
const NEUTRALS = ["slate", "gray", "zinc", "neutral", "stone"] as const;
const ACCENTS = [
  "red", "orange", "amber", "yellow", "lime", "green", "emerald", "teal",
  "cyan", "sky", "blue", "indigo", "violet", "purple", "fuchsia", "pink", "rose",
] as const;
export const FAMILIES = [...NEUTRALS, ...ACCENTS] as const;
export type Family = (typeof FAMILIES)[number];

export type Rgb = readonly [number, number, number];

function hexRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Tailwind's own value of `family-shade`: the light theme's. */
export function lightRgb(family: Family, shade: Shade): Rgb {
  return hexRgb((colors[family] as Record<Shade, string>)[shade]);
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;
const isNeutral = (f: Family) => (NEUTRALS as readonly string[]).includes(f);

/** The dark page surface (`bg-white`): slate 900. */
export const DARK_SURFACE: Rgb = lightRgb("slate", "900");

/** The dark theme's value of a surface colour (background, border, ring, fill), or null where it stays. */
export function darkSurface(family: Family, shade: Shade): Rgb | null {
  const c = (s: Shade) => lightRgb(family, s);
  if (isNeutral(family)) {
    switch (shade) {
      case "50": // a quiet panel or hover, a step above the surface
        return mix(c("900"), c("800"), 0.5);
      case "100":
        return c("800");
      case "200": // lines
        return c("700");
      case "300": // input borders
        return c("600");
      case "400":
        return c("500");
      case "900": // overlays behind dialogs, tooltips
        return c("950");
      default:
        return null;
    }
  }
  switch (shade) {
    case "50": // tinted panels: notices, the chosen card, a hovered link
      return mix(DARK_SURFACE, c("900"), 0.35);
    case "100":
      return mix(DARK_SURFACE, c("900"), 0.6);
    case "200":
      return c("800");
    case "300":
      return c("700");
    default:
      return null;
  }
}

/** The dark theme's value of a text colour, or null where it stays. */
export function darkText(family: Family, shade: Shade): Rgb | null {
  const c = (s: Shade) => lightRgb(family, s);
  switch (shade) {
    case "300": // on light pages a faint mark (a dash for "none"); it stays faint
      return isNeutral(family) ? c("600") : null;
    case "500":
      return c("400");
    case "600":
      return c("300");
    case "700":
      return isNeutral(family) ? c("200") : c("300");
    case "800":
      return c("200");
    case "900":
      return c("100");
    case "950":
      return c("50");
    default:
      return null;
  }
}

const triple = (rgb: Rgb) => rgb.join(" ");
const surfaceVar = (family: Family, shade: Shade) => `--c-${family}-${shade}`;
const textVar = (family: Family, shade: Shade) => `--t-${family}-${shade}`;

type Palette = Record<Family, Record<Shade, string>>;

function palette(kind: "surface" | "text"): Palette {
  const turn = kind === "surface" ? darkSurface : darkText;
  const name = kind === "surface" ? surfaceVar : textVar;
  return Object.fromEntries(
    FAMILIES.map((f) => [
      f,
      Object.fromEntries(
        SHADES.map((s) => {
          const light = triple(lightRgb(f, s));
          // Only colours the dark theme changes go through a variable.
          return [s, turn(f, s) ? `rgb(var(${name(f, s)}, ${light}) / <alpha-value>)` : `rgb(${light} / <alpha-value>)`];
        }),
      ),
    ]),
  ) as Palette;
}

/** Tailwind colours for backgrounds, borders, rings, fills and the rest. */
export const surfacePalette = palette("surface");
/** Tailwind colours for text (and placeholders, carets, decorations). */
export const textPalette = palette("text");

/**
 * `white` for surfaces: the page's surface when opaque (`bg-white`, `ring-white` around a presence
 * dot); plain white when translucent (`bg-white/10` over the dark sidebar).
 */
export function surfaceWhite({ opacityValue, opacityVariable }: { opacityValue?: string; opacityVariable?: string }): string {
  const translucent = opacityValue !== undefined && opacityVariable === undefined;
  return translucent ? `rgb(255 255 255 / ${opacityValue})` : `rgb(var(--c-white, 255 255 255) / ${opacityValue ?? 1})`;
}

/** The variables the dark theme sets. */
export function darkVariables(): Record<string, string> {
  const vars: Record<string, string> = { "--c-white": triple(DARK_SURFACE) };
  for (const f of FAMILIES) {
    for (const s of SHADES) {
      const surface = darkSurface(f, s);
      if (surface) vars[surfaceVar(f, s)] = triple(surface);
      const text = darkText(f, s);
      if (text) vars[textVar(f, s)] = triple(text);
    }
  }
  return vars;
}

/** What a colour class paints in a theme, as its variable resolves: for tests and checks. */
export function resolve(theme: "light" | "dark", kind: "surface" | "text", color: "white" | `${Family}-${Shade}`): Rgb {
  if (color === "white") return kind === "text" || theme === "light" ? [255, 255, 255] : DARK_SURFACE;
  const [family, shade] = color.split("-") as [Family, Shade];
  const dark = theme === "dark" ? (kind === "surface" ? darkSurface : darkText)(family, shade) : null;
  return dark ?? lightRgb(family, shade);
}

/** WCAG contrast ratio of two opaque colours. */
export function contrast(a: Rgb, b: Rgb): number {
  const lum = (rgb: Rgb) => {
    const [r, g, bl] = rgb.map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
