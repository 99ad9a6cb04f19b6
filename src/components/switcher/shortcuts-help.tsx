"use client";

import { Fragment } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { DialogHeader } from "@/components/ui/dialog-header";
import { useInertShell } from "@/components/ui/use-inert-shell";
import { shortcutList } from "@/lib/shortcut-list";
import { Kbd } from "./kbd";

/** The list of keyboard shortcuts (opened with `?` or the keyboard button), with this platform's key names. */
export function ShortcutsHelp({
  open,
  onOpenChange,
  apple,
  restoreFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  apple: boolean;
  /** Gives focus back to where it was when the help opened. */
  restoreFocus: () => void;
}) {
  useInertShell(open);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          data-testid="shortcuts-help"
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            restoreFocus();
          }}
          className="fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-1.5rem)] w-[calc(100%-1.5rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-5 text-slate-900 shadow-xl"
        >
          <DialogHeader
            title="Keyboard shortcuts"
            description={<>Shortcuts other than {apple ? "⌘K" : "Ctrl+K"} wait while you type in a text box.</>}
          />
          {shortcutList(apple).map((group) => (
            <section key={group.title} className="mt-4">
              <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{group.title}</h3>
              <dl className="mt-1 divide-y divide-slate-100">
                {group.lines.map((line) => (
                  <div key={line.what} className="flex items-center justify-between gap-4 py-1.5 text-sm">
                    <dt className="text-slate-800">{line.what}</dt>
                    <dd className="flex shrink-0 items-center gap-1 text-slate-600">
                      {line.keys.map((combo, i) => (
                        <Fragment key={combo.join("+")}>
                          {i > 0 && <span className="text-xs">or</span>}
                          {combo.map((k, j) => (
                            <Fragment key={k}>
                              {j > 0 && <span aria-hidden className="text-xs">+</span>}
                              <Kbd className="border-slate-300 bg-slate-50 text-slate-800">{k}</Kbd>
                            </Fragment>
                          ))}
                        </Fragment>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
