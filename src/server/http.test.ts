import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import { errorResponse, readBody } from "./http";

const post = (body: string) => new Request("http://localhost/api/x", { method: "POST", headers: { "content-type": "application/json" }, body });
const schema = z.object({ name: z.string() });

describe("readBody", () => {
  it("refuses a NUL character in any string with a 400, before the schema or the database", async () => {
    await expect(readBody(post('{"name":"a\\u0000b"}'), schema)).rejects.toMatchObject({ status: 400, message: "Name must not contain NUL characters." });
    await expect(readBody(post('{"name":"ok","x":[{"y":"\\u0000"}]}'), schema)).rejects.toBeInstanceOf(AppError);
    await expect(readBody(post('{"name":"ok"}'), schema)).resolves.toEqual({ name: "ok" });
  });
  it("refuses a lone surrogate in any string with a 400 naming the field, whatever the schema", async () => {
    await expect(readBody(post('{"name":"\\udfff"}'), schema)).rejects.toMatchObject({ status: 400, message: "Name contains an invalid character." });
    await expect(readBody(post('{"name":"ok","x":{"text":"\\ud83d"}}'), schema)).rejects.toMatchObject({ status: 400, message: "Text contains an invalid character." });
    await expect(readBody(post('{"name":"\\ud83d\\ude00"}'), schema)).resolves.toEqual({ name: "😀" });
  });
  it("refuses JSON that does not parse, and deep nesting, with a 400", async () => {
    await expect(readBody(post('{"name":'), schema)).rejects.toMatchObject({ status: 400 });
    await expect(readBody(post("[".repeat(100_000)), schema)).rejects.toMatchObject({ status: 400 });
  });
});

describe("errorResponse", () => {
  it("answers bad input found below the routes with a 400, not a 500", async () => {
    const cases: unknown[] = [
      new URIError("URI malformed"),
      Object.assign(new Error("x"), { name: "PrismaClientValidationError" }),
      Object.assign(new Error("x"), { code: "P2000" }),
      Object.assign(new Error("x"), { cause: { originalCode: "22P05" } }),
      // What Prisma 6.19 throws for a lone surrogate that reaches it.
      Object.assign(new Error("Invalid `c.workspace.create()` invocation:\n\nJSON Error: unexpected end of hex escape at line 1 column 121"), { name: "PrismaClientUnknownRequestError" }),
    ];
    for (const err of cases) {
      const res = errorResponse(err);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ ok: false, error: "The request has an invalid value." });
    }
    const res = errorResponse(new Error("boom at /work/secret.ts:1"));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("boom");
  });
});
