const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** Invites for emails without an account yet; they become memberships at sign-up. */
export function PendingInvites({ invites }: { invites: { id: string; email: string; role: string; createdAt: Date }[] }) {
  if (!invites.length) return null;
  return (
    <section aria-labelledby="pending-heading">
      <h2 id="pending-heading" className="text-sm font-semibold text-slate-700">
        Pending invites <span className="font-normal text-slate-500">· {invites.length}</span>
      </h2>
      <ul className="mt-2 divide-y divide-slate-100 rounded-xl border border-slate-200" data-testid="pending-invites">
        {invites.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-4 px-4 py-2 text-sm">
            <span className="truncate">{i.email}</span>
            <span className="shrink-0 text-slate-500">
              <span className="capitalize">{i.role}</span> · invited {dateFormat.format(i.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
