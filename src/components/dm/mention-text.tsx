import { Fragment } from "react";
import { mentionSpans } from "@/shared/channel";

/** Text with the @names of the people it mentions marked (yours stands out more). */
export function MentionText({ text, mentions, meId }: { text: string; mentions?: readonly { id: string; name: string }[]; meId: string }) {
  const spans = mentions?.length ? mentionSpans(text, mentions) : [];
  if (!spans.length) return <>{text}</>;
  let last = 0;
  const out: React.ReactNode[] = [];
  for (const s of spans) {
    if (s.start > last) out.push(<Fragment key={`t${last}`}>{text.slice(last, s.start)}</Fragment>);
    out.push(
      <span
        key={`m${s.start}`}
        className={`rounded px-0.5 font-medium ${s.id === meId ? "bg-amber-100 text-amber-900" : "bg-indigo-50 text-indigo-800"}`}
        data-testid="mention"
        data-user-id={s.id}
      >
        {text.slice(s.start, s.end)}
      </span>,
    );
    last = s.end;
  }
  if (last < text.length) out.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return <>{out}</>;
}
