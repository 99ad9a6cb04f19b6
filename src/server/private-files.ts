import fs from "node:fs";
import path from "node:path";

// The embedded database and the generated secret hold password hashes and the session key:
// only the user running Roster may read them. Folders 0700, files 0600.

/** Creates `dir` (0700) if missing, and takes group and other access away from it and everything inside. */
export function makePrivate(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o077) !== 0) fs.chmodSync(p, st.mode & 0o700);
      for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    } else if ((st.mode & 0o077) !== 0) {
      fs.chmodSync(p, st.mode & 0o700);
    }
  };
  walk(dir);
}

/** New files and folders of this process: owner only. Call first thing in servers and scripts. */
export function privateUmask(): void {
  process.umask(0o077);
}
