import { randomBytes } from "node:crypto";

// Letters NFKD does not split into an ASCII letter plus a mark.
const EXTRA: Record<string, string> = { ß: "ss", æ: "ae", ø: "o", œ: "oe", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };

/** The ASCII part of a name as an address ("Café Zürich" -> "cafe-zurich"); empty when nothing ASCII remains. */
export function asciiSlug(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæøœłđðþı]/g, (ch) => EXTRA[ch] ?? "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/** A short random address part, for names in scripts without ASCII letters ("東京チーム" -> "w-k3j9x2"). */
export function randomSlug(): string {
  const n = randomBytes(5).readUIntBE(0, 5);
  return `w-${n.toString(36).padStart(6, "0").slice(-6)}`;
}

export function slugify(name: string): string {
  return asciiSlug(name) || randomSlug();
}
