"use client";

import { loadOnUse, useMenuStandIn } from "@/components/ui/load-on-use";
import type { StatusMenuProps } from "./status-menu-body";
import { modeLabel, statusTrigger } from "./status-trigger";

// The menu, its do-not-disturb choices and the allowlist dialog load on first use: the page shows
// the status button at first paint and needs none of them until it is pressed.
const Menu = loadOnUse(() => import("./status-menu-body").then((m) => m.StatusMenuBody));

export function StatusMenu(props: StatusMenuProps) {
  const { used, standIn } = useMenuStandIn(Menu.warm);
  const button = <div>{standIn(statusTrigger({ label: modeLabel(props.mode, props.dndUntil ?? null, false), status: props.status, customStatus: props.customStatus }))}</div>;
  return used ? <Menu.Loaded {...props} openedBy={used} fallback={button} /> : button;
}
