import { expect } from "vitest";
import { AppError } from "@/server/errors";

/** Expects `p` to fail with the app's error of this status, its message matching `text`. */
export async function rejectsWith(p: Promise<unknown>, status: number, text: RegExp | string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(status);
  expect((err as AppError).message).toMatch(text);
}
