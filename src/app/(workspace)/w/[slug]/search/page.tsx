import type { Metadata } from "next";
import * as z from "zod/mini";
import { requireShell } from "@/server/services/shell";
import { searchMessages } from "@/server/services/message-search";
import { getDb } from "@/server/db";
import { consume, TooManyRequests } from "@/server/limits";
import { DEPENDENCY_UNAVAILABLE, isDependencyDown } from "@/server/dependency-down";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { searchQuery, type MessageSearchPage } from "@/shared/message-search";
import { firstError } from "@/shared/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { SearchView } from "@/components/search/search-view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const queryOf = (sp: Record<string, string | string[] | undefined>) => (typeof sp.q === "string" ? sp.q : "");

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { workspace } = await requireShell((await params).slug);
  const q = queryOf(await searchParams).trim();
  return { title: q ? `“${q.slice(0, 60)}” · Search · ${workspace.name}` : `Search · ${workspace.name}` };
}

/** The first page of results, or what went wrong (said on the page; the field stays usable). */
async function firstPage(userId: string, workspaceId: string, q: string): Promise<{ page: MessageSearchPage | null; error: string | null }> {
  try {
    await consume("searchUser", userId);
    return { page: await searchMessages(userId, workspaceId, q), error: null };
  } catch (err) {
    if (err instanceof TooManyRequests || (err instanceof AppError && err.status < 500)) return { page: null, error: err.message };
    if (isDependencyDown(err)) return { page: null, error: DEPENDENCY_UNAVAILABLE };
    logger.error({ err }, "search page failed");
    return { page: null, error: "Something went wrong on our side." };
  }
}

/**
 * The member whose email is exactly `q` (the member list's search goes by name): their id and name
 * only, as the Home page shows members' emails anyway. Presence comes through the page's own watch.
 */
async function memberByEmail(workspaceId: string, q: string): Promise<{ userId: string; name: string } | null> {
  if (!q.includes("@")) return null;
  try {
    const m = await getDb().membership.findFirst({
      where: { workspaceId, user: { email: q.toLowerCase() } },
      select: { user: { select: { id: true, name: true } } },
    });
    return m ? { userId: m.user.id, name: m.user.name } : null;
  } catch {
    return null; // the messages part says when the database is down
  }
}

/**
 * Search of messages and people, server-rendered with its first page of messages (so a reload or
 * a shared link shows the same results). People come from the member list's search on the client.
 */
export default async function SearchPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const shell = await requireShell(slug);
  const raw = queryOf(await searchParams);
  const parsed = z.safeParse(searchQuery, { q: raw });
  const q = parsed.success ? parsed.data.q : raw.trim();
  const result = !parsed.success
    ? { page: null, error: raw.trim() ? firstError(parsed.error) : null }
    : await firstPage(shell.me.id, shell.workspace.id, parsed.data.q);
  const byEmail = parsed.success ? await memberByEmail(shell.workspace.id, parsed.data.q) : null;
  return (
    <>
      <PageHeader title="Search" />
      <SearchView key={q} slug={slug} meId={shell.me.id} q={q} initial={result.page} initialError={result.error} byEmail={byEmail} />
    </>
  );
}
