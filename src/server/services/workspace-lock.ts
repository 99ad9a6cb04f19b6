import { getDb, type Db } from "../db";
import { notFound } from "../errors";

/** The client inside a transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface LockedWorkspace {
  id: string;
  slug: string;
  name: string;
}

/**
 * Runs `fn` in a transaction that first locks the workspace row. Every membership, role and
 * invitation change takes this lock and reads the rows it checks only after it, so one
 * workspace's changes run one at a time and none decides on a state another is changing (two
 * concurrent transfers made two owners; a transfer racing the new owner's leave made none).
 * FOR NO KEY UPDATE leaves rows that merely reference the workspace (messages, DMs) free to be
 * written meanwhile.
 */
export function inWorkspace<T>(where: { slug: string } | { id: string }, fn: (tx: Tx, workspace: LockedWorkspace) => Promise<T>): Promise<T> {
  return getDb().$transaction(async (tx) => {
    const [workspace] =
      "slug" in where
        ? await tx.$queryRaw<LockedWorkspace[]>`SELECT id, slug, name FROM "Workspace" WHERE slug = ${where.slug} FOR NO KEY UPDATE`
        : await tx.$queryRaw<LockedWorkspace[]>`SELECT id, slug, name FROM "Workspace" WHERE id = ${where.id} FOR NO KEY UPDATE`;
    if (!workspace) throw notFound("Workspace not found.");
    return fn(tx, workspace);
  });
}
