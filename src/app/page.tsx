import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { workspacesOf } from "@/server/services/workspaces";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const [first] = await workspacesOf(user.id);
  redirect(first ? `/w/${first.slug}` : "/new");
}
