// next-auth's browser client, loaded on first use: signing in or out is never needed at first
// paint, and the client (with its polyfills) is a large part of a page's script.
import type { SignInOptions, SignInResponse, SignOutParams } from "next-auth/react";

const client = () => import("next-auth/react");

/** Signs in with email and password without a redirect; the answer says whether it worked. */
export async function signIn(provider: "credentials", options: SignInOptions & { redirect: false }): Promise<SignInResponse | undefined> {
  return (await client()).signIn(provider, options);
}

export async function signOut(options?: SignOutParams<boolean>): Promise<void> {
  await (await client()).signOut(options);
}
