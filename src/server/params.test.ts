import { describe, expect, it } from "vitest";
import { parseParams } from "./params";
import { AppError } from "./errors";

const fails = (fn: () => unknown, message: string) => {
  const err = (() => {
    try {
      fn();
    } catch (e) {
      return e;
    }
  })();
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(400);
  expect((err as AppError).message).toBe(message);
};

describe("route params", () => {
  it("accepts well-formed slugs and ids", () => {
    expect(parseParams({ slug: "launch-crew", inviteId: "cm3abc_12-x" }, ["slug", "inviteId"])).toEqual({ slug: "launch-crew", inviteId: "cm3abc_12-x" });
    expect(parseParams({ slug: "w-k3j9x2" }, ["slug"])).toEqual({ slug: "w-k3j9x2" });
  });

  it("refuses malformed ones with a 400 naming what is wrong", () => {
    fails(() => parseParams({ slug: "Bad Slug" }, ["slug"]), "Invalid workspace address.");
    fails(() => parseParams({ slug: "-x" }, ["slug"]), "Invalid workspace address.");
    fails(() => parseParams({ slug: "a".repeat(65) }, ["slug"]), "Invalid workspace address.");
    fails(() => parseParams({ slug: "ok", userId: "x;y" }, ["slug", "userId"]), "Invalid user id.");
    fails(() => parseParams({ inviteId: "" }, ["inviteId"]), "Invalid invite id.");
    fails(() => parseParams({ inviteId: "x".repeat(65) }, ["inviteId"]), "Invalid invite id.");
  });
});
