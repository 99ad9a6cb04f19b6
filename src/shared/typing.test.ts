import { describe, expect, it } from "vitest";
import { onTyping, typingNow, typingSignal, typingText, TYPING_EXPIRES_MS, TYPING_SEND_EVERY_MS } from "./typing";

describe("typing indicators", () => {
  it("names one or two people and says several for three or more", () => {
    expect(typingText([])).toBe("");
    expect(typingText(["Ada"])).toBe("Ada is typing…");
    expect(typingText(["Ada", "Ben"])).toBe("Ada and Ben are typing…");
    expect(typingText(["Ada", "Ben", "Cy"])).toBe("Several people are typing…");
  });

  it("expires someone 6 s after their last signal, and drops them at once on a stop", () => {
    let s = onTyping(new Map(), "ada", true, 1_000);
    s = onTyping(s, "ben", true, 3_000);
    expect(typingNow(s, 6_999)).toEqual(["ada", "ben"]);
    expect(typingNow(s, 7_000)).toEqual(["ben"]); // 1,000 + 6,000
    s = onTyping(s, "ada", true, 6_500); // a resend keeps her
    expect(typingNow(s, 8_999)).toEqual(["ada", "ben"]);
    expect(typingNow(s, 12_499)).toEqual(["ada"]); // ben's last signal was at 3,000
    expect(typingNow(s, 6_500 + TYPING_EXPIRES_MS)).toEqual([]);
    s = onTyping(s, "ada", false, 7_000);
    expect(typingNow(s, 7_000)).toEqual(["ben"]);
  });

  it("sends a start at most every 3 s while the draft has text, and a stop when it is emptied", () => {
    expect(typingSignal("", null, 0)).toBeNull();
    expect(typingSignal("  ", null, 0)).toBeNull();
    expect(typingSignal("h", null, 0)).toBe("start");
    expect(typingSignal("he", 0, TYPING_SEND_EVERY_MS - 1)).toBeNull();
    expect(typingSignal("hel", 0, TYPING_SEND_EVERY_MS)).toBe("start");
    expect(typingSignal("", 0, 100)).toBe("stop");
  });
});
