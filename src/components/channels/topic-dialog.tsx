"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { api } from "@/components/ui/api";
import { FormError } from "@/components/ui/field";
import { DialogActions, FormDialog, PRIMARY_BUTTON, useSubmit } from "@/components/ui/form-dialog";
import { MAX_CHANNEL_TOPIC } from "@/shared/channel";

/** Edits a channel's topic (any member of it). */
export function TopicDialog({ onClose, url, topic, name }: { onClose: () => void; url: string; topic: string; name: string }) {
  const router = useRouter();
  const [value, setValue] = useState(topic);
  const { busy, error, submit } = useSubmit();
  function save(e: React.FormEvent) {
    e.preventDefault();
    void submit(
      () => api(url, "PATCH", { topic: value }),
      () => {
        onClose();
        router.refresh();
      },
    );
  }
  return (
    <FormDialog onClose={onClose} title={`Topic of #${name}`} description="Everyone in the channel sees it under its name.">
      <form onSubmit={save} className="mt-4 space-y-3">
        <label htmlFor="channel-topic" className="sr-only">Topic</label>
        <input
          id="channel-topic"
          value={value}
          maxLength={MAX_CHANNEL_TOPIC}
          onChange={(e) => setValue(e.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
          placeholder="What is this channel about?"
        />
        <FormError message={error} />
        <DialogActions>
          <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
            Save
          </button>
        </DialogActions>
      </form>
    </FormDialog>
  );
}
