import type { Config } from "tailwindcss";
import plugin from "tailwindcss/plugin";
import { darkVariables, surfacePalette, surfaceWhite, textPalette } from "./src/styles/palette";

// Light and dark from one set of class names: every palette colour is a CSS variable that the dark
// theme sets (src/styles/palette.ts says which and why). Dark applies with <html data-theme="dark">
// (the user's choice, rendered by the root layout from its cookie), or with the system's dark
// preference unless the user chose light.
const fixed = { inherit: "inherit", current: "currentColor", transparent: "transparent", black: "#000" };
const brand = {
  // The sidebar is dark in both themes.
  sidebar: { DEFAULT: "#1f1d2b", hover: "#2b2940", active: "#3b3760", muted: "#a7a3c2" },
  presence: { active: "#22c55e", away: "#f59e0b", dnd: "#ef4444", offline: "#9ca3af" },
};
const surfaces = { ...fixed, white: surfaceWhite as unknown as string, ...surfacePalette, ...brand };
const texts = { ...fixed, white: "#fff", ...textPalette, ...brand };
const dark = darkVariables();

export default {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    colors: surfaces,
    textColor: texts,
    placeholderColor: texts,
    caretColor: texts,
    textDecorationColor: texts,
    borderColor: { ...surfaces, DEFAULT: surfacePalette.gray["200"] },
    ringOffsetColor: { ...surfaces, DEFAULT: "rgb(var(--c-white, 255 255 255))" },
    extend: {
      fontFamily: { sans: ["Inter", "ui-sans-serif", "system-ui", "sans-serif"] },
    },
  },
  plugins: [
    plugin(({ addBase }) => {
      addBase({
        ':root[data-theme="dark"]': dark,
        "@media (prefers-color-scheme: dark)": { ':root:not([data-theme="light"])': dark },
      });
    }),
  ],
} satisfies Config;
