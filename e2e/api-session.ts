import { mailTo, PASSWORD, uniqueEmail } from "./helpers";

// A signed-in user over plain HTTP (no browser): sign up through /api/signup, then the
// next-auth credentials flow. Requests carry no Origin, like any non-browser client.

export interface ApiUser {
  email: string;
  cookie: string;
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="));

export async function apiSignUp(base: string, name: string): Promise<ApiUser> {
  const email = uniqueEmail(name);
  const up = await fetch(`${base}/api/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, email, password: PASSWORD }),
  });
  if (up.status !== 200) throw new Error(`sign-up answered ${up.status}: ${await up.text()}`);
  // Confirm the address with the emailed link's token and the password to keep, as the /verify page does.
  const link = (await mailTo(email, { subject: /Confirm your email/ })).links[0]!;
  const token = new URL(link).searchParams.get("token")!;
  const verified = await fetch(`${base}/api/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password: PASSWORD }) });
  if (verified.status !== 200) throw new Error(`verification answered ${verified.status}: ${await verified.text()}`);
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
  });
  const session = cookiesOf(signIn).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in gave no session (${signIn.status}): ${await signIn.text()}`);
  return { email, cookie: [...jar, session].join("; ") };
}
