/**
 * The data-dir lock (sequencer/store/data-dir-lock.ts): a second process on a data dir fails at
 * once naming the dir and the holder's pid; a holder killed with SIGKILL leaves no lock behind; the
 * lock is re-entrant within one process and released with the last hold; openStore takes it.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataDirLockedError, LOCK_FILE, lockDataDir } from "../../sequencer/store/data-dir-lock.ts";
import { openStore } from "../../sequencer/store/store.ts";

const root = mkdtempSync(join(tmpdir(), "loft-lock-"));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

const identity = { chainId: 31337n, rollup: "0x0000000000000000000000000000000000000001", genesisRoot: `0x${"00".repeat(32)}` };

/** Another process that runs `code` (an ES module with the project's imports) and stays up until killed, resolved once it printed "ready". */
function holder(code: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`holder did not start:\n${output}`)), 30_000);
    child.stdout!.on("data", (d) => {
      output += d;
      if (output.includes("ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on("data", (d) => (output += d));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`holder exited (${code}):\n${output}`));
    });
  });
}

/** Runs `code` in another process to its end and resolves with what it printed. */
function runToExit(code: string): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  return new Promise((resolve) => child.once("exit", () => resolve(output)));
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  child.once("exit", () => resolve());
  child.kill("SIGKILL");
});

test("error: a second process on a locked data dir fails at once naming the dir and the holder's pid; after a SIGKILL the dir is free", { timeout: 60_000 }, async () => {
  const dir = join(root, "held");
  const child = await holder(`import { lockDataDir } from ${JSON.stringify(new URL("../../sequencer/store/data-dir-lock.ts", import.meta.url).href)}; lockDataDir(${JSON.stringify(dir)}); console.log("ready"); setInterval(() => {}, 1000);`);
  assert.throws(() => lockDataDir(dir), (error: unknown) => {
    assert.ok(error instanceof DataDirLockedError);
    assert.equal(error.holder?.pid, child.pid);
    assert.match(error.message, new RegExp(`^data dir ${dir} is in use by process ${child.pid} on \\S+ \\(since \\d{4}-`));
    assert.doesNotMatch(error.message, /\n/, "one line");
    return true;
  });
  await killed(child);
  const lock = lockDataDir(dir); // no stale lock: the kernel dropped it with the process
  assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid, process.pid, "the new holder is named");
  lock.release();
});

test("behavior: re-entrant within a process, released with the last hold, and taken by openStore", { timeout: 60_000 }, async () => {
  const dir = join(root, "store");
  const store = await openStore({ dir, identity });
  const again = lockDataDir(dir); // the devnet holds it while the node's store takes it too
  again.release();
  again.release(); // idempotent: the store's hold stays
  const printed = await runToExit(`import { openStore } from ${JSON.stringify(new URL("../../sequencer/store/store.ts", import.meta.url).href)}; try { await openStore({ dir: ${JSON.stringify(dir)}, identity: { chainId: 31337n, rollup: "0x0000000000000000000000000000000000000001", genesisRoot: "0x${"00".repeat(32)}" } }); console.log("opened"); } catch (e) { console.log(e.message); }`);
  const { host, since } = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")) as { host: string; since: string };
  assert.equal(printed.trim(), `data dir ${dir} is in use by process ${process.pid} on ${host} (since ${since}): stop that process first, or give another --data-dir`);
  await store.close();
  const reopened = await openStore({ dir, identity }); // released with the store
  await reopened.close();
});
