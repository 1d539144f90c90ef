/**
 * The devnet's data dir. A devnet's L1 lives only as long as the node, so each start begins from
 * an empty data dir; but the devnet only ever empties a directory that it created and marked
 * itself (`.loft-devnet`) and that no live process holds (store/data-dir-lock.ts). A directory
 * without the marker, such as a real chain's data dir given by mistake without --l1-rpc, is
 * refused and left untouched. An existing empty directory (a fresh temp dir) holds nothing to
 * lose and is marked and used.
 */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { LOCK_FILE, lockDataDir, type DataDirLock } from "../store/data-dir-lock.ts";

export const DEVNET_MARKER = ".loft-devnet";

export class DevnetDataDirError extends Error {
  override name = "DevnetDataDirError";
}

/**
 * Locks `dir` (throws DataDirLockedError if a live process holds it), empties it if the devnet
 * made it, or creates it; and marks it. The caller keeps the lock until the devnet stops.
 */
export function prepareDevnetDataDir(dir: string): DataDirLock {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new DevnetDataDirError(`--data-dir ${dir} is not a directory`);
  refuseUnmarked(dir); // before the lock, which would leave its file in a stranger's dir
  const lock = lockDataDir(dir); // creates dir if missing; nothing is removed while another process may use it
  try {
    refuseUnmarked(dir);
    for (const entry of contents(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    writeFileSync(join(dir, DEVNET_MARKER), `${JSON.stringify({ createdBy: "loft devnet", pid: process.pid, host: hostname(), createdAt: new Date().toISOString() })}\n`);
    return lock;
  } catch (error) {
    lock.release();
    throw error;
  }
}

const contents = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((entry) => entry !== LOCK_FILE) : []);

function refuseUnmarked(dir: string): void {
  if (existsSync(join(dir, DEVNET_MARKER)) || contents(dir).length === 0) return;
  throw new DevnetDataDirError(`data dir ${dir} was not created by a devnet (no ${DEVNET_MARKER} marker in it) and a devnet starts from an empty dir, so it is left untouched: give a --data-dir that does not exist yet, pass --l1-rpc to run against the chain it belongs to, or remove it yourself if it is an older devnet's`);
}
