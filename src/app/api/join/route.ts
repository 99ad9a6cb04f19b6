import { joinSignUpInput } from "@/shared/schemas";
import { ok, readBody } from "@/server/http";
import { useSecureCookies } from "@/server/auth";
import { JOIN_COOKIE_MAX_AGE_SEC, joinCookieName, signUpToJoin } from "@/server/accounts/join";
import { open, originOf } from "@/server/accounts/route";

// Sign-up on an invitation's join page: the invited email, a confirmation link that accepts the
// invitation, and the join cookie that lets that link sign in this browser (src/server/accounts/join.ts).
export const POST = open(async (req) => {
  const input = await readBody(req, joinSignUpInput);
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const { cookie } = await signUpToJoin(input, originOf(req), secret);
  const res = ok({ status: "check-email" as const });
  if (secret) {
    const secure = useSecureCookies() === true;
    res.cookies.set(joinCookieName(secure), cookie, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: JOIN_COOKIE_MAX_AGE_SEC });
  }
  return res;
});
