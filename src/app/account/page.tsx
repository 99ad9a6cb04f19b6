import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { AuthCard } from "@/components/ui/auth-card";
import { ChangePasswordForm, SignOutEverywhere } from "@/components/auth/account-forms";
import { PrivacyForm } from "@/components/auth/privacy-form";
import { getDb } from "@/server/db";
import { DndScheduleForm } from "@/components/account/dnd-schedule-form";
import { AwayForm } from "@/components/account/away-form";
import { env } from "@/env";
import { DEFAULT_AWAY_AFTER } from "@/shared/away";
import { ThemeForm } from "@/components/account/theme-form";
import { DEFAULT_THEME, THEME_COOKIE, themeFromCookie } from "@/shared/theme";
import { cookies } from "next/headers";

export const metadata: Metadata = { title: "Account" };

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin?callbackUrl=/account");
  const settings = await getDb().user.findUnique({ where: { id: user.id }, select: { coarseLastSeen: true, awayAfter: true, theme: true } });
  const cookieTheme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <AuthCard title="Your account" subtitle={`${user.name} · ${user.email}`}>
      <div className="space-y-8">
        <ChangePasswordForm />
        <div className="border-t border-slate-100 pt-6">
          <AwayForm awayAfter={settings?.awayAfter ?? DEFAULT_AWAY_AFTER} idleMs={env.PRESENCE_IDLE_MS} switchDelayMs={env.PRESENCE_AWAY_DELAY_MS} />
        </div>
        <div className="border-t border-slate-100 pt-6">
          <ThemeForm theme={settings?.theme ?? DEFAULT_THEME} cookieTheme={cookieTheme} />
        </div>
        <div className="border-t border-slate-100 pt-6">
          <PrivacyForm coarseLastSeen={settings?.coarseLastSeen ?? false} />
        </div>
        <div className="border-t border-slate-100 pt-6">
          <DndScheduleForm />
        </div>
        <div className="border-t border-slate-100 pt-6">
          <SignOutEverywhere />
        </div>
        <Link href="/" className="block text-center text-sm font-medium text-indigo-600 hover:underline">
          Back to your workspaces
        </Link>
      </div>
    </AuthCard>
  );
}
