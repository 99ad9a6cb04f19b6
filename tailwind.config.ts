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
const dark = { ...darkVariables(), "--shadow-edge": "rgb(255 255 255 / 0.12)" };
// Floating layers (menus, dialogs, tooltips) also get a hairline edge, which only the dark theme
// draws (--shadow-edge): there a shadow alone does not lift them off the page.
const edge = "0 0 0 1px var(--shadow-edge, #0000)";

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
      boxShadow: {
        lg: `${edge}, 0 10px 15px -3px rgb(0 0 0 / 0.1), 0 4px 6px -4px rgb(0 0 0 / 0.1)`,
        xl: `${edge}, 0 20px 25px -5px rgb(0 0 0 / 0.1), 0 8px 10px -6px rgb(0 0 0 / 0.1)`,
        "2xl": `${edge}, 0 25px 50px -12px rgb(0 0 0 / 0.25)`,
      },
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
