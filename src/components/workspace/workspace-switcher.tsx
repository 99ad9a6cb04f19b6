"use client";

import { loadOnUse, useMenuStandIn } from "@/components/ui/load-on-use";
import type { WorkspaceSwitcherProps } from "./workspace-menu";
import { switcherTrigger } from "./switcher-trigger";

// The menu (and the leave dialog behind it) loads on first use; the button shows at first paint.
const Menu = loadOnUse(() => import("./workspace-menu").then((m) => m.WorkspaceMenu));

export function WorkspaceSwitcher(props: WorkspaceSwitcherProps) {
  const { used, standIn } = useMenuStandIn(Menu.warm);
  const button = standIn(switcherTrigger(props.current));
  return used ? <Menu.Loaded {...props} openedBy={used} fallback={button} /> : button;
}
