/**
 * The explorer web page: static files from ./page, read once at start-up and served from memory
 * (`/` is index.html). No build step and no framework: plain HTML, CSS and an ES module.
 */
import { readFileSync } from "node:fs";
import type { RpcServer } from "../rpc/index.ts";

const PAGE_FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/explorer.js": ["explorer.js", "text/javascript; charset=utf-8"],
  "/explorer.css": ["explorer.css", "text/css; charset=utf-8"],
  "/dom.js": ["dom.js", "text/javascript; charset=utf-8"],
  "/chart.js": ["chart.js", "text/javascript; charset=utf-8"],
  "/views.js": ["views.js", "text/javascript; charset=utf-8"],
  "/follower-status.js": ["follower-status.js", "text/javascript; charset=utf-8"],
  "/node-calls.js": ["node-calls.js", "text/javascript; charset=utf-8"],
  "/timeline.js": ["timeline.js", "text/javascript; charset=utf-8"],
  "/wallet.js": ["wallet.js", "text/javascript; charset=utf-8"],
  "/escape-panel.js": ["escape-panel.js", "text/javascript; charset=utf-8"],
} as const;

export function registerPageRoutes(server: RpcServer): void {
  for (const [path, [file, contentType]] of Object.entries(PAGE_FILES)) {
    const body = readFileSync(new URL(`./page/${file}`, import.meta.url), "utf8");
    server.get(path, () => ({ status: 200, contentType, body }));
  }
}
