#!/usr/bin/env node
// The `loft` command (package.json "bin"): runs sequencer/cli/main.ts through tsx with this
// Node, passing the arguments, stdin/stdout/stderr and Ctrl-C / SIGTERM through, and exits with
// the command's exit code. `npx loft --help` in the repo (after `npm ci && npm run build`).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const tsx = pathToFileURL(require.resolve("tsx")).href;
const main = fileURLToPath(new URL("./main.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", tsx, main, ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`loft: cannot start node: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 1) : 1)));
