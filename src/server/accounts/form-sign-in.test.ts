import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import type { PrismaClient } from "@/generated/prisma/client";
import { setDb } from "../db";
import { sessionAlive } from "../sessions";
import { sessionFromCookieHeader } from "../session-token";
import { signUp } from "../services/users";
import { CONFIRM_EMAIL_FIRST } from "../sign-in";
import { signInFromForm } from "./form-sign-in";
import { SIGN_IN_FAILED } from "@/shared/schemas";

// The sign-in page's form (posted without script) against the real databases.
const PASSWORD = "correct horse battery";
const SECRET = "form-sign-in-test-secret";
let ipN = 0;
const headers = () => new Headers({ "x-roster-client-ip": `10.8.${process.pid % 250}.${ipN++}`, host: "roster.test" });
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
/** The Cookie header a browser would send back for these Set-Cookie values. */
const cookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(";")[0]).join("; ");

describe.each(databases)("sign-in form on $name", (database) => {
  let client: PrismaClient;
  const saved = process.env.NEXTAUTH_SECRET;
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = SECRET;
    client = database.connect();
    setDb(client);
  });
  afterAll(async () => {
    process.env.NEXTAUTH_SECRET = saved;
    await database.close(client);
    setDb(undefined);
  });

  it("signs in: a session cookie naming a live session of the user, and a device cookie", async () => {
    const email = uniqueEmail("form");
    const user = await signUp({ name: "Form", email, password: PASSWORD }, { verified: true });
    const result = await signInFromForm(form({ email: email.toUpperCase(), password: PASSWORD }), headers());
    if (!result.ok) throw new Error(result.error);
    const session = result.setCookies.find((c) => c.startsWith("next-auth.session-token="))!;
    expect(session).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const found = await sessionFromCookieHeader(cookieHeader(result.setCookies), SECRET);
    expect(found?.userId).toBe(user.id);
    expect(await sessionAlive(found!.sessionId, user.id)).toBe(true);
    expect(result.setCookies.some((c) => c.startsWith("roster-device=") && c.includes("HttpOnly"))).toBe(true);
    // The stored theme, for the first paint of the next page.
    expect(result.setCookies).toContain("theme=system; Path=/; Max-Age=31536000; SameSite=Lax");
  });

  it("answers a wrong password and an unknown email alike, and bad input by field", async () => {
    const email = uniqueEmail("form");
    await signUp({ name: "Form", email, password: PASSWORD }, { verified: true });
    expect(await signInFromForm(form({ email, password: "wrong password" }), headers())).toEqual({ ok: false, status: 401, error: SIGN_IN_FAILED });
    expect(await signInFromForm(form({ email: uniqueEmail("nobody"), password: PASSWORD }), headers())).toEqual({ ok: false, status: 401, error: SIGN_IN_FAILED });
    expect(await signInFromForm(form({ email: "", password: PASSWORD }), headers())).toEqual({ ok: false, status: 400, error: "Enter a valid email address." });
    expect(await signInFromForm(form({ email }), headers())).toEqual({ ok: false, status: 400, error: "Enter your password." });
  });

  it("refuses an unconfirmed address with the message the page shows", async () => {
    const email = uniqueEmail("unconfirmed");
    await signUp({ name: "New", email, password: PASSWORD }, { verified: false });
    expect(await signInFromForm(form({ email, password: PASSWORD }), headers())).toEqual({ ok: false, status: 403, error: CONFIRM_EMAIL_FIRST });
  });

  it("throttles as the form always did: the sixth wrong password is told when to try again", async () => {
    const email = uniqueEmail("throttled");
    await signUp({ name: "T", email, password: PASSWORD }, { verified: true });
    const from = headers();
    for (let i = 0; i < 5; i++) expect(await signInFromForm(form({ email, password: `wrong ${i}` }), from)).toMatchObject({ status: 401 });
    const sixth = await signInFromForm(form({ email, password: PASSWORD }), from);
    expect(sixth).toMatchObject({ ok: false, status: 429 });
    expect(sixth.ok ? "" : sixth.error).toMatch(/^Too many attempts, try again in \d+ s\.$/);
  });
});
