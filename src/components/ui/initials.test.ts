import { describe, expect, it } from "vitest";
import { firstGrapheme, initials } from "./initials";

describe("initials", () => {
  it("takes the first letter of the first and last word", () => {
    expect(initials("Alice Martin")).toBe("AM");
    expect(initials("bob")).toBe("B");
    expect(initials("  Carol  de  Diaz ")).toBe("CD");
    expect(initials("")).toBe("?");
  });

  it("keeps emoji and combined characters whole", () => {
    expect(initials("🚀 Launch")).toBe("🚀L");
    expect(initials("👩‍💻 Dev Team")).toBe("👩‍💻T");
    expect(initials("🇯🇵")).toBe("🇯🇵");
    expect(initials("e\u0301mile zoe")).toBe("E\u0301Z");
    expect(initials("東京 チーム")).toBe("東チ");
  });

  it("never returns a lone surrogate", () => {
    for (const name of ["😀", "😀 😀", "𝒜lpha"]) {
      expect(initials(name)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(firstGrapheme("👍🏽 ok")).toBe("👍🏽");
  });
});
