import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginUrl } from "./safe-callback";

const attacks = [
  "//evil.example",
  "//evil.example/path",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/%09/evil.example".replace("%09", "\t"),
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "",
  "/\u0000//evil.example",
  "/\n/evil.example",
];

describe("safeCallbackPath", () => {
  it.each(attacks)("refuses %j", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
  });

  it("keeps plain paths, queries and fragments", () => {
    expect(safeCallbackPath("/new")).toBe("/new");
    expect(safeCallbackPath("/w/demo/dm/abc?x=1#m")).toBe("/w/demo/dm/abc?x=1#m");
    expect(safeCallbackPath("/w/../new")).toBe("/new");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(42)).toBe("/");
  });
});

describe("sameOriginUrl", () => {
  const origin = "https://roster.example";
  it.each([...attacks, "https://roster.example.evil.com/", "https://evil.example/https://roster.example", "http://roster.example/"])(
    "refuses %j",
    (raw) => {
      expect(sameOriginUrl(raw, origin)).toBeNull();
    },
  );
  it("keeps same-origin URLs", () => {
    expect(sameOriginUrl("/w/demo", origin)).toBe("https://roster.example/w/demo");
    expect(sameOriginUrl("https://roster.example/new?x=1", origin)).toBe("https://roster.example/new?x=1");
  });
});
