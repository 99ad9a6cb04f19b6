"use client";

import { signOut } from "@/components/auth/next-auth-client";
import { useHydrated } from "@/components/ui/use-hydrated";

/** A plain text "Sign out" button, for pages outside a workspace. */
export function SignOutButton({ className = "" }: { className?: string }) {
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/signin" })}
      disabled={!hydrated}
      className={`font-medium text-indigo-700 underline-offset-2 hover:underline disabled:opacity-60 ${className}`}
    >
      Sign out
    </button>
  );
}
