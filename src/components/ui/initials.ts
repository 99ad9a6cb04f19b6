// Avatar initials by whole graphemes, so "🚀 Launch" or "Zoë" never splits a character in half.
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export function firstGrapheme(text: string): string {
  for (const { segment } of segmenter.segment(text.trim())) return segment;
  return "";
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = firstGrapheme(parts[0] ?? "") || "?";
  const last = parts.length > 1 ? firstGrapheme(parts.at(-1)!) : "";
  return (first + last).toLocaleUpperCase();
}
