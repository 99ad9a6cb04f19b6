import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases, uniqueEmail } from "@/test/databases";
import { startMailSink, type MailSink } from "@/test/mail-sink";
import type { PrismaClient } from "@/generated/prisma/client";
import { setDb } from "../db";
import { signUp } from "../services/users";
import { requestPasswordReset } from "./accounts";

// Forgot password must not tell whether an address has an account by how long it takes to answer.
// This test is structural, not a stopwatch: it holds the account lookup and checks that the
// answer is already given, for a known and an unknown address alike. So nothing the lookup, the
// token or the mail costs can be in the answer's time, and the test does not depend on how
// loaded the machine is (timing medians of two 4-5 ms paths are not robust on 2 shared cores).

let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await sink.stop();
});

/** The client with every user lookup held until `release()`; everything else passes through. */
function holdingLookups(client: PrismaClient) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const looked: string[] = [];
  const held = client.$extends({
    query: {
      user: {
        async $allOperations({ operation, args, query }) {
          looked.push(operation);
          await gate;
          return query(args);
        },
      },
    },
  });
  return { held: held as unknown as PrismaClient, release, looked };
}

const settledWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), ms))]);

describe.each(databases)("forgot password on $name", (database) => {
  let client: PrismaClient;
  beforeAll(() => {
    client = database.connect();
  });
  afterAll(async () => {
    await database.close(client);
    setDb(undefined);
  });

  it("answers before looking the address up, for a known and an unknown address alike; the mail follows", async () => {
    setDb(client);
    const email = uniqueEmail("rita");
    await signUp({ name: "Rita", email, password: "correct horse battery" }, { verified: true });
    const nobody = uniqueEmail("nobody");
    const since = Date.now();

    const { held, release, looked } = holdingLookups(client);
    setDb(held);
    try {
      const known = requestPasswordReset(email, { ip: "10.79.0.1", base: "http://roster.test" });
      const unknown = requestPasswordReset(nobody, { ip: "10.79.0.2", base: "http://roster.test" });
      // Generous bound: the answer needs only the per-address throttle, never the held lookup.
      expect(await settledWithin(known, 5_000)).toBe(true);
      expect(await settledWithin(unknown, 5_000)).toBe(true);
      expect(await known).toEqual(await unknown);
      expect(looked).toEqual(["findUnique", "findUnique"]); // both lookups were started, and both were still held
    } finally {
      release();
    }
    setDb(client);
    const mail = await sink.waitFor(email, { subject: /Reset your Roster password/, since });
    expect(mail.links[0]).toMatch(/^http:\/\/roster\.test\/reset\?token=/);
    expect(sink.mails.some((m) => m.to.includes(nobody))).toBe(false);
  });
});
