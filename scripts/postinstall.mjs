// npm's postinstall: applies patches/ (patch-package, a runtime dependency) and, in a source
// checkout, generates the Prisma client. A production install (`npm ci --omit=dev` beside the
// built dist/ and .next/) has no src/: the client is compiled into those, so nothing is generated.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const run = (bin, args) => execFileSync(`node_modules/.bin/${bin}`, args, { stdio: "inherit" });
run("patch-package", []);
if (fs.existsSync("src")) run("prisma", ["generate"]);
