import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "./db";
import { verifyPassword } from "./password";
import { SIGN_IN_FAILED, signInInput } from "@/shared/schemas";

export async function checkCredentials(input: unknown): Promise<{ id: string; email: string; name: string } | null> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return null;
  const user = await getDb().user.findUnique({ where: { email: parsed.data.email } });
  const ok = await verifyPassword(user?.passwordHash, parsed.data.password);
  return user && ok ? { id: user.id, email: user.email, name: user.name } : null;
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        const user = await checkCredentials(credentials);
        if (!user) throw new Error(SIGN_IN_FAILED);
        return user;
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** The signed-in user, or null. Reads the user row so a deleted account is signed out. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return getDb().user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
}
