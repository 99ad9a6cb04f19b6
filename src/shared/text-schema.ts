// The text rule (src/shared/text.ts) as a zod/mini string: its own module, so code that only
// cleans text (plainText) loads no schema code.
import * as z from "zod/mini";
import "./zod";
import { normalizeBreaks, textError, textProblem, type TextKind } from "./text";

/**
 * A zod string under the rule, trimmed (messages also get their line breaks normalised). Refusals
 * come before length checks added after it, so "ab\ud800" is "…invalid character", not "too short".
 */
export function text(kind: TextKind, label: string) {
  const base = kind === "secret" ? z.string() : kind === "message" ? z.string().check(z.overwrite(normalizeBreaks), z.trim()) : z.string().check(z.trim());
  return base.check(
    z.superRefine((s, ctx) => {
      const problem = textProblem(s, kind);
      if (problem) ctx.addIssue({ code: "custom", message: textError(label, problem) });
    }),
  );
}
