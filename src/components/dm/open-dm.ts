"use client";

import { useRouter } from "next/navigation";

/**
 * Opens the 1:1 DM with a member: the page shows the conversation if it exists, or a draft that
 * the first message creates. Nothing is created by opening it, so no empty DM shows in anyone's sidebar.
 */
export function useOpenDm(slug: string) {
  const router = useRouter();
  function open(userId: string) {
    router.push(`/w/${slug}/dm/with/${userId}`);
  }
  return { open, busy: false, error: null as string | null };
}
