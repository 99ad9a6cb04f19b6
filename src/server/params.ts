import { z } from "zod";
import { channelIdParam, firstError, inviteIdParam, slug, userIdParam } from "@/shared/schemas";
import { badRequest } from "./errors";

// Route parameters, checked before any lookup: a malformed one is a 400, a well-formed
// one that names nothing a 404 (from the services).
const shapes = { slug, userId: userIdParam, inviteId: inviteIdParam, channelId: channelIdParam } as const;
type Known = keyof typeof shapes;

export function parseParams<K extends Known>(params: Record<string, string>, keys: K[]): Record<K, string> {
  const schema = z.object(Object.fromEntries(keys.map((k) => [k, shapes[k]])) as Record<K, z.ZodString>);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw badRequest(firstError(parsed.error));
  return parsed.data as Record<K, string>;
}
