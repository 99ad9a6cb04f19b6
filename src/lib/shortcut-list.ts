// What the keyboard shortcuts help lists (a module of its own: only the help dialog, loaded on use, needs it).

export interface ShortcutLine {
  keys: string[][];
  what: string;
}

/** The help dialog's list, in groups, with the platform's key names. */
export function shortcutList(apple: boolean): { title: string; lines: ShortcutLine[] }[] {
  const cmd = apple ? "⌘" : "Ctrl";
  const alt = apple ? "⌥" : "Alt";
  return [
    {
      title: "Anywhere in a workspace",
      lines: [
        { keys: [[cmd, "K"]], what: "Jump to a person or a conversation" },
        { keys: [["/"]], what: "Search messages and people" },
        { keys: [["?"]], what: "Show these shortcuts" },
        { keys: [[alt, "↑"], [alt, "↓"]], what: "Previous or next conversation in the sidebar" },
        { keys: [["Esc"]], what: "Close a dialog or menu (in a search box, clear the text first)" },
      ],
    },
    {
      title: "In the quick switcher",
      lines: [
        { keys: [["↑"], ["↓"]], what: "Move through the results" },
        { keys: [["Enter"]], what: "Open the person's DM or the conversation" },
      ],
    },
    {
      title: "In the message box",
      lines: [
        { keys: [["Enter"]], what: "Send the message" },
        { keys: [["Shift", "Enter"]], what: "New line" },
      ],
    },
  ];
}
