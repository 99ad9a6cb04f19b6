import { NextResponse } from "next/server";
import { useSecureCookies } from "@/server/auth";
import { commands } from "@/server/commands";
import { acceptOnConfirm, confirmInBrowser, joinCookieName } from "@/server/accounts/join";
import { sessionCookieFor } from "@/server/accounts/session-cookie";
import { errorResponse } from "@/server/http";

export const dynamic = "force-dynamic";

const to = (location: string) => new NextResponse(null, { status: 303, headers: { location, "cache-control": "no-store" } });

/**
 * The confirmation link of a sign-up on a join page. In the browser that signed up (it holds the
 * join cookie): confirms the address, accepts the invitation, signs in and opens the workspace.
 * Anywhere else: the confirmation page, which asks for the password first (nothing is used up).
 */
export async function GET(req: Request) {
  try {
    return await confirm(req);
  } catch (err) {
    return errorResponse(err, req); // a dependency outage is a 503 with Retry-After
  }
}

async function confirm(req: Request) {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  const page = `/verify?token=${encodeURIComponent(token.slice(0, 200))}`;
  const secret = process.env.NEXTAUTH_SECRET;
  const confirmed = secret ? await confirmInBrowser(token, req.headers.get("cookie"), secret) : null;
  if (!confirmed) return to(page);
  const joined = await acceptOnConfirm(confirmed.user.id, confirmed.inviteId);
  if (joined) commands().membersChanged(joined.workspaceId);
  // A workspace whose invitation died meanwhile: the invitations page says there is none.
  const res = to(joined ? `/w/${joined.slug}` : "/invitations");
  const session = await sessionCookieFor(confirmed.user, secret!);
  res.cookies.set(session.name, session.value, session.options);
  res.cookies.set(joinCookieName(useSecureCookies() === true), "", { path: "/", maxAge: 0, secure: useSecureCookies() === true });
  return res;
}
