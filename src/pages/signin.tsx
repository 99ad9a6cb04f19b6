import type { IncomingMessage } from "node:http";
import type { GetServerSideProps, PageConfig } from "next";
import Head from "next/head";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { Field, FormError } from "@/components/ui/field";
import { CONFIRM_EMAIL_FIRST, sessionOfCookie } from "@/server/sign-in";
import { signInFromForm } from "@/server/accounts/form-sign-in";
import { SIGN_IN_FAILED } from "@/shared/words";
import { safeCallbackPath } from "@/shared/safe-callback";

// The sign-in page is plain HTML: the form posts to this page, which signs in and redirects, or
// answers with the message and the email kept. No script is sent (the first page a person sees is
// the lightest), and it works with scripts off.
export const config: PageConfig = { unstable_runtimeJS: false };

const NOTICES: Record<string, string> = {
  verified: "Email confirmed, sign in.",
  reset: "Password changed, sign in with your new password.",
  ended: "You were signed out everywhere.",
};

/** Only our own messages are shown from the URL (next-auth's redirects), never arbitrary text. */
const knownError = (e: string | undefined) =>
  e && (e === SIGN_IN_FAILED || e === CONFIRM_EMAIL_FIRST || /^Too many attempts, try again in \d+ s\.$/.test(e)) ? e : null;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

interface Props {
  callbackUrl: string;
  notice: string | null;
  error: string | null;
  email: string;
  demo: boolean;
}

const FORM_LIMIT = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT) return new URLSearchParams();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return headers;
}

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, query }) => {
  const callbackUrl = safeCallbackPath(one(query.callbackUrl));
  const base = { callbackUrl, notice: null, error: null, email: "", demo: process.env.NODE_ENV !== "production" };
  res.setHeader("Cache-Control", "no-store");
  if (req.method === "POST") {
    const form = await readForm(req);
    const result = await signInFromForm(form, headersOf(req));
    if (result.ok) {
      res.setHeader("Set-Cookie", result.setCookies);
      return { redirect: { destination: callbackUrl, statusCode: 303 } };
    }
    res.statusCode = result.status;
    for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
    return { props: { ...base, error: result.error, email: (form.get("email") ?? "").slice(0, 320) } };
  }
  if (await sessionOfCookie(req.headers.cookie).catch(() => null)) return { redirect: { destination: "/", statusCode: 303 } };
  const notice = one(query.notice);
  return { props: { ...base, notice: (notice && NOTICES[notice]) ?? null, error: knownError(one(query.error)) } };
};

export default function SignInPage({ callbackUrl, notice, error, email, demo }: Props) {
  const action = callbackUrl === "/" ? "/signin" : `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <>
      <Head>
        <title>Sign in · Roster</title>
        <meta name="description" content="A team workspace that shows who is here, right now." />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="/icon.svg" sizes="any" type="image/svg+xml" />
      </Head>
      <AuthCard title="Sign in" subtitle="Welcome back. See who is around.">
        {notice && (
          <div className="mb-4">
            <Notice>{notice}</Notice>
          </div>
        )}
        {/* Checked on the server (the same schema as everywhere), so every mistake gets its own message. */}
        <form method="post" action={action} className="space-y-4" noValidate>
          <Field label="Email" id="email" type="email" autoComplete="email" required defaultValue={email} autoFocus={!email} />
          <Field label="Password" id="password" type="password" autoComplete="current-password" required autoFocus={!!email} />
          <FormError message={error} />
          <button
            type="submit"
            className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
          >
            Sign in
          </button>
          <p className="flex justify-between text-sm text-slate-600">
            <a href="/forgot" className="font-medium text-indigo-600 hover:underline">
              Forgot password?
            </a>
            <a href="/signup" className="font-medium text-indigo-600 hover:underline">
              Create an account
            </a>
          </p>
        </form>
        {demo && (
          <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            Demo workspace: sign in as <strong>alice@demo.roster</strong> with password <strong>roster-demo</strong>.
          </p>
        )}
      </AuthCard>
    </>
  );
}
