import { createWorkspaceInput } from "@/shared/schemas";
import { authed, ok, readBody } from "@/server/http";
import { createWorkspace } from "@/server/services/workspaces";

export const POST = authed(async ({ req, user }) => {
  const { name } = await readBody(req, createWorkspaceInput);
  const ws = await createWorkspace(user.id, name);
  return ok({ slug: ws.slug, name: ws.name }, 201);
});
