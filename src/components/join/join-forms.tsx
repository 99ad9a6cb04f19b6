"use client";

import { useState } from "react";
import Link from "next/link";
import { signIn, signOut } from "@/components/auth/next-auth-client";
import { firstError, joinSignUpInput, SIGN_IN_FAILED, signInInput } from "@/shared/schemas";
import { Field, FormError, SubmitButton } from "@/components/ui/field";
import { AuthCard } from "@/components/ui/auth-card";
import { api } from "@/components/ui/api";
import { useHydrated } from "@/components/ui/use-hydrated";

/** What the join page shows of an invitation: what its mail already says. */
export interface JoinOffer {
  id: string;
  email: string;
  role: "owner" | "admin" | "member";
  workspace: string;
  inviter: string;
}

const asRole = (role: JoinOffer["role"]) => (role === "admin" ? "an admin" : "a member");
const subtitle = (o: JoinOffer) => `${o.inviter} invited you to join as ${asRole(o.role)}.`;

/** The consent line: what the next click does. */
function Consent({ children }: { children: React.ReactNode }) {
  return (
    <p id="join-consent" className="rounded-md border border-indigo-100 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
      {children}
    </p>
  );
}

/** The invited address, shown in the form and fixed: the invitation is for it. */
function InvitedEmail({ email }: { email: string }) {
  return (
    <div>
      <Field label="Email" id="email" type="email" autoComplete="username" value={email} readOnly aria-readonly="true" aria-describedby="email-hint" className="bg-slate-50" />
      <p id="email-hint" className="mt-1 text-xs text-slate-500">The invitation was sent to this address.</p>
    </div>
  );
}

/** A new person: create the account here; the confirmation link accepts the invitation. */
export function JoinSignUp({ token, offer }: { token: string; offer: JoinOffer }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = joinSignUpInput.safeParse({ token, name: form.get("name"), password: form.get("password") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await api("/api/join", "POST", parsed.data);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setSent(true);
  }

  if (sent) {
    return (
      <AuthCard title="Check your mail" subtitle={`One step left to join ${offer.workspace}.`}>
        <div className="space-y-4" data-testid="join-check-mail">
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            We sent a link to <strong>{offer.email}</strong>. Opening it confirms your email, accepts {offer.inviter}&apos;s invitation and takes you to{" "}
            <bdi>{offer.workspace}</bdi>.
          </p>
          <p className="text-sm text-slate-600">
            Open it in this browser to go straight in; elsewhere it asks for your password first. Nothing after a few minutes? Check your spam folder, or{" "}
            <button type="button" onClick={() => setSent(false)} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
              try again
            </button>
            .
          </p>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={`Join ${offer.workspace}`} subtitle={subtitle(offer)}>
      <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate aria-label={`Create your account to join ${offer.workspace}`}>
        <InvitedEmail email={offer.email} />
        <Field label="Your name" id="name" autoComplete="name" required autoFocus />
        <Field label="Password" id="password" type="password" autoComplete="new-password" required minLength={8} aria-describedby="password-hint" />
        <p id="password-hint" className="-mt-2 text-xs text-slate-500">At least 8 characters and hard to guess: a few unrelated words work well.</p>
        <Consent>
          Next, we mail you a link. Confirming your email accepts {offer.inviter}&apos;s invitation to <bdi>{offer.workspace}</bdi>.
        </Consent>
        <FormError message={error} />
        <SubmitButton busy={busy}>Create account and join</SubmitButton>
        <p className="text-center text-xs text-slate-500">Do not want to join? Close this page; nothing happens.</p>
      </form>
    </AuthCard>
  );
}

/** Accepts and opens the workspace; an error is shown where the button is. */
async function acceptAndGo(offer: JoinOffer, setError: (e: string) => void) {
  const res = await api<{ slug: string }>(`/api/me/invitations/${offer.id}/accept`, "POST");
  if (!res.ok) return setError(res.error);
  window.location.assign(`/w/${res.data.slug}`);
}

/** An existing account: sign in here (the address is fixed) and join in the same click. */
export function JoinSignIn({ offer }: { offer: JoinOffer }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = signInInput.safeParse({ email: offer.email, password: new FormData(e.currentTarget).get("password") });
    if (!parsed.success) return setError(firstError(parsed.error));
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { ...parsed.data, redirect: false }).catch(() => null);
    if (!res || res.error) {
      setBusy(false);
      return setError(res?.error && res.error !== "CredentialsSignin" ? res.error : SIGN_IN_FAILED);
    }
    await acceptAndGo(offer, (message) => {
      setBusy(false);
      // Signed in by now: a reload shows the invitation (or why it is gone) to the signed-in user.
      setError(message);
    });
  }

  return (
    <AuthCard title={`Join ${offer.workspace}`} subtitle={subtitle(offer)}>
      <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate aria-label={`Sign in to join ${offer.workspace}`}>
        <InvitedEmail email={offer.email} />
        <Field label="Password" id="password" type="password" autoComplete="current-password" required autoFocus />
        <Consent>
          Signing in here accepts {offer.inviter}&apos;s invitation to <bdi>{offer.workspace}</bdi>.
        </Consent>
        <FormError message={error} />
        <SubmitButton busy={busy}>Sign in and join</SubmitButton>
        <p className="flex flex-wrap justify-between gap-2 text-sm text-slate-600">
          <Link href="/forgot" className="font-medium text-indigo-700 hover:underline">
            Forgot password?
          </Link>
          <Link href="/signin?callbackUrl=/invitations" className="font-medium text-indigo-700 hover:underline">
            Sign in without joining
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}

/** Signed in as the invitee: one click joins, one declines. */
export function JoinAccept({ offer, signedInAs }: { offer: JoinOffer; signedInAs: string }) {
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);

  async function decline() {
    setBusy(true);
    const res = await api(`/api/me/invitations/${offer.id}`, "DELETE");
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setDeclined(true);
  }

  if (declined) {
    return (
      <AuthCard title="Invitation declined" subtitle={`You will not join ${offer.workspace}.`}>
        <p role="status" className="text-sm text-slate-600">
          {offer.inviter} is not told. <Link href="/" className="font-medium text-indigo-700 hover:underline">Go to Roster</Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={`Join ${offer.workspace}`} subtitle={subtitle(offer)}>
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          You are signed in as <strong>{signedInAs}</strong>.
        </p>
        <FormError message={error} />
        <button
          type="button"
          disabled={!hydrated || busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            await acceptAndGo(offer, (message) => {
              setBusy(false);
              setError(message);
            });
          }}
          className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        >
          {busy ? "Please wait…" : `Join ${offer.workspace}`}
        </button>
        <button
          type="button"
          disabled={!hydrated || busy}
          onClick={decline}
          className="w-full rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
        >
          Decline
        </button>
      </div>
    </AuthCard>
  );
}

/** Signed in with another address: says so, and nothing about the workspace. */
export function JoinOtherAccount({ signedInAs, path }: { signedInAs: string; path: string }) {
  const hydrated = useHydrated();
  return (
    <AuthCard title="This invitation is for another email" subtitle="Invitations can be accepted only by the address they were sent to.">
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          You are signed in as <strong>{signedInAs}</strong>. If the invitation was sent to another address of yours, sign out and open this link again.
        </p>
        <button
          type="button"
          disabled={!hydrated}
          onClick={() => signOut({ callbackUrl: path })}
          className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        >
          Sign out and continue
        </button>
        <Link href="/" className="block text-center text-sm font-medium text-indigo-700 hover:underline">
          Stay signed in and go to Roster
        </Link>
      </div>
    </AuthCard>
  );
}
