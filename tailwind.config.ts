import type { Config } from "tailwindcss";

export default {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        sidebar: { DEFAULT: "#1f1d2b", hover: "#2b2940", active: "#3b3760", muted: "#a7a3c2" },
        presence: { active: "#22c55e", away: "#f59e0b", dnd: "#ef4444", offline: "#9ca3af" },
      },
      fontFamily: { sans: ["Inter", "ui-sans-serif", "system-ui", "sans-serif"] },
    },
  },
  plugins: [],
} satisfies Config;
