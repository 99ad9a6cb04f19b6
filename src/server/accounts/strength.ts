import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import { badRequest } from "../errors";

// Passwords must be hard to guess (zxcvbn score 3 of 4), judged also against the person's
// own name and email, which are the first things an attacker tries.
let zxcvbn: ZxcvbnFactory | undefined;
const checker = () =>
  (zxcvbn ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  }));

export const MIN_SCORE = 3;

/** Throws a 400 saying why, when `password` is too easy to guess. */
export function requireStrongPassword(password: string, userInputs: string[] = []): void {
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  const result = checker().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_SCORE) return;
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean);
  throw badRequest(["This password is too easy to guess.", ...hints].join(" "));
}
