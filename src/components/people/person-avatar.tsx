"use client";

import { Avatar, type AvatarSizeName } from "@/components/ui/avatar";
import { avatarUrl } from "@/shared/profile";
import { usePerson } from "./people-provider";

/** The avatar of a member of this workspace: their picture once their profile is loaded and has one, initials until then. */
export function PersonAvatar({ id, name, size = "md", children }: { id: string; name: string; size?: AvatarSizeName; children?: React.ReactNode }) {
  const person = usePerson(id);
  const picture = person?.avatar ? avatarUrl(id, person.avatar, size === "lg" || size === "xl" ? 256 : 64) : null;
  return (
    <Avatar id={id} name={name} size={size} picture={picture}>
      {children}
    </Avatar>
  );
}
