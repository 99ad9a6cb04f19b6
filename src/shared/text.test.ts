import { describe, expect, it } from "vitest";
import { setStatusInput } from "./custom-status-input";
import { createWorkspaceInput, firstError, sendDirectInput, sendMessageInput, signUpInput } from "./schemas";
import { plainText, textProblem, unstorableText } from "./text";

// Hand-written cases of the one text rule, per kind, and of its use in the shared schemas.
const HIGH = "\ud800";
const LOW = "\udfff";
const EMOJI = "\ud83d\ude00"; // 😀, a valid pair
const CODER = "👩\u200d💻"; // a ZWJ sequence
const FLAG = "🏳️\u200d🌈";
const SCOTLAND = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"; // tag characters
const RLO = "\u202e";
const LRI = "\u2066";
const PDI = "\u2069";
const RLM = "\u200f";

describe("textProblem", () => {
  it("refuses lone high and low surrogates in every kind, at any place", () => {
    for (const kind of ["name", "status", "message", "secret"] as const) {
      expect(textProblem(HIGH, kind)).toBe("invalid");
      expect(textProblem(LOW, kind)).toBe("invalid");
      expect(textProblem(`ab${HIGH}`, kind)).toBe("invalid");
      expect(textProblem(`${LOW}ab`, kind)).toBe("invalid");
      expect(textProblem("\ud83d", kind)).toBe("invalid"); // half of 😀
      expect(textProblem(`${LOW}${HIGH}`, kind)).toBe("invalid"); // a pair in the wrong order
      expect(textProblem("a\u0000b", kind)).toBe("nul");
    }
  });

  it("keeps valid pairs and emoji sequences (ZWJ, variation selectors, tags) in every kind", () => {
    for (const kind of ["name", "status", "message", "secret"] as const) {
      for (const s of [EMOJI, CODER, FLAG, SCOTLAND, "Zoë", "José Ñuñez", "日本語", "שלום", "مرحبا", "Ada 👩🏽‍🚀"]) {
        expect(textProblem(s, kind), `${kind}: ${JSON.stringify(s)}`).toBeNull();
      }
    }
  });

  it("refuses control characters; messages keep line breaks and tabs", () => {
    for (const c of ["\u0007", "\b", "\u001b", "\u007f", "\u0085", "\u009b"]) {
      expect(textProblem(`a${c}b`, "name")).toBe("control");
      expect(textProblem(`a${c}b`, "status")).toBe("control");
      expect(textProblem(`a${c}b`, "message")).toBe("control");
    }
    expect(textProblem("a\nb\tc", "message")).toBeNull();
    expect(textProblem("a\nb", "name")).toBe("control");
    expect(textProblem("a\tb", "name")).toBe("control");
    expect(textProblem("a\u2028b", "status")).toBe("control");
    expect(textProblem("a\u0007b", "secret")).toBeNull(); // passwords: only well-formed
  });

  it("refuses bidi controls in names; status refuses the scoped ones; messages keep them", () => {
    for (const c of [RLO, "\u202a", "\u202b", "\u202c", "\u202d", LRI, "\u2067", "\u2068", PDI, RLM, "\u200e", "\u061c"]) {
      expect(textProblem(`Admin${c} (nimda)`, "name")).toBe("bidi");
      expect(textProblem(`a${c}b`, "message")).toBeNull();
    }
    expect(textProblem(`a${RLO}b`, "status")).toBe("bidi");
    expect(textProblem(`a${LRI}b${PDI}`, "status")).toBe("bidi");
    expect(textProblem(`שלום${RLM} 1`, "status")).toBeNull();
  });
});

describe("the shared schemas", () => {
  const signUp = (name: string) => signUpInput.safeParse({ name, email: "a@b.co", password: "correct horse battery" });
  const err = (r: { success: boolean; error?: Parameters<typeof firstError>[0] }) => (r.success ? null : firstError(r.error!));

  it("display names: the issue's spoofed name and lone surrogates are refused with the field named", () => {
    expect(err(signUp("Admin\u202e (nimda)\u0007\b"))).toBe("Name cannot contain control characters.");
    expect(err(signUp("Admin\u202e (nimda)"))).toBe("Name cannot contain text direction characters.");
    expect(err(signUp(LOW))).toBe("Name contains an invalid character.");
    expect(err(signUp(`Ada${HIGH}`))).toBe("Name contains an invalid character.");
    expect(signUp(`  Ada ${CODER}  `)).toMatchObject({ success: true, data: { name: `Ada ${CODER}` } });
  });

  it("passwords must be well-formed", () => {
    const r = signUpInput.safeParse({ name: "Ada", email: "a@b.co", password: `correct horse ${HIGH}` });
    expect(err(r)).toBe("Password contains an invalid character.");
  });

  it("workspace names: the invalid character comes before the length", () => {
    expect(err(createWorkspaceInput.safeParse({ name: `ab${HIGH}` }))).toBe("Workspace name contains an invalid character.");
    expect(err(createWorkspaceInput.safeParse({ name: HIGH }))).toBe("Workspace name contains an invalid character.");
    expect(err(createWorkspaceInput.safeParse({ name: "Team\nhttps://x.example" }))).toBe("Workspace name cannot contain control characters.");
    expect(err(createWorkspaceInput.safeParse({ name: `Team${LRI}` }))).toBe("Workspace name cannot contain text direction characters.");
    expect(createWorkspaceInput.safeParse({ name: "Équipe 🚀" }).success).toBe(true);
  });

  it("status text", () => {
    expect(err(setStatusInput.safeParse({ text: "\ud83d" }))).toBe("The status contains an invalid character.");
    expect(err(setStatusInput.safeParse({ text: "a\u0000" }))).toBe("The status must not contain NUL characters.");
    expect(err(setStatusInput.safeParse({ text: "a\u0007b" }))).toBe("The status cannot contain control characters.");
    expect(err(setStatusInput.safeParse({ text: `out ${RLO}` }))).toBe("The status cannot contain text direction characters.");
    expect(setStatusInput.safeParse({ text: `Coding ${CODER}` }).success).toBe(true);
  });

  it("messages: line breaks normalised and kept, NUL and lone surrogates refused, bidi kept", () => {
    const send = (body: string) => sendMessageInput.safeParse({ conversationId: "c1", body });
    expect(err(send("\u0000"))).toBe("Message must not contain NUL characters.");
    expect(err(send(`hi ${LOW}`))).toBe("Message contains an invalid character.");
    expect(err(sendDirectInput.safeParse({ userId: "u1", body: HIGH }))).toBe("Message contains an invalid character.");
    expect(err(send("ring\u0007"))).toBe("Message cannot contain control characters.");
    expect(send("one\r\ntwo\rthree\u2028four\tfive")).toMatchObject({ success: true, data: { body: "one\ntwo\nthree\nfour\tfive" } });
    expect(send(`${RLO}txt.exe`)).toMatchObject({ success: true, data: { body: `${RLO}txt.exe` } });
    expect(send(`${FLAG} ${EMOJI}`).success).toBe(true);
  });
});

describe("unstorableText", () => {
  it("names the field of the first NUL or lone surrogate, in keys and values at any depth", () => {
    expect(unstorableText({ name: LOW })).toBe("Name contains an invalid character.");
    expect(unstorableText({ text: "\ud83d" })).toBe("Text contains an invalid character.");
    expect(unstorableText({ userIds: ["a", `b${HIGH}`] })).toBe("UserIds contains an invalid character.");
    expect(unstorableText({ body: "\u0000" })).toBe("Body must not contain NUL characters.");
    expect(unstorableText({ [HIGH]: 1 })).toBe("Text contains an invalid character.");
    expect(unstorableText({ "we!rd key": LOW })).toBe("Text contains an invalid character.");
    expect(unstorableText([LOW])).toBe("Text contains an invalid character.");
  });
  it("passes everything else: valid pairs, controls and bidi (each field's rule decides those)", () => {
    expect(unstorableText({ name: `Ada ${CODER}`, body: `${RLO}\u0007`, n: 1, b: true, z: null, list: [EMOJI] })).toBeNull();
  });
});

describe("plainText (notifications, mail)", () => {
  it("one line without controls, bidi characters or lone surrogates", () => {
    expect(plainText(`Evil\nhttps://x.example`)).toBe("Evil https://x.example");
    expect(plainText(`Admin${RLO} (nimda)\u0007\b`)).toBe("Admin (nimda)");
    expect(plainText(`${LRI}a${PDI}  \t b${RLM}${LOW}`)).toBe("a b");
    expect(plainText(`Ada ${CODER} ${SCOTLAND}`)).toBe(`Ada ${CODER} ${SCOTLAND}`);
  });
  it("cuts at code points, never inside a pair", () => {
    expect(plainText(`ab${EMOJI}${EMOJI}`, 3)).toBe(`ab…`);
    expect(plainText(`${EMOJI}${EMOJI}${EMOJI}`, 3)).toBe(`${EMOJI}${EMOJI}${EMOJI}`);
    expect(plainText(`${EMOJI}${EMOJI}${EMOJI}${EMOJI}`, 3)).toBe(`${EMOJI}${EMOJI}…`);
  });
});
