/**
 * Devnet mode empties only a data dir it created and marked, and never one in use: a dir without
 * the marker is refused and left as it was; a second devnet on a running devnet's dir fails at once
 * naming the holder, and the running one keeps its data and keeps serving.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEVNET_MARKER, DevnetDataDirError, prepareDevnetDataDir } from "../../sequencer/devnet/devnet-data-dir.ts";
import { freePort } from "../../sequencer/devnet/free-port.ts";
import { LOCK_FILE } from "../../sequencer/store/data-dir-lock.ts";

const root = mkdtempSync(join(tmpdir(), "loft-devnet-dir-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** `loft start` (devnet) as a child process, resolved once it says it is running. */
function startDevnetProcess(args: string[]): Promise<{ pid: number; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "sequencer/cli/main.ts", "start", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = () => new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
  let output = "";
  child.stderr!.on("data", (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`the devnet did not start:\n${output}`))), 90_000);
    child.stdout!.on("data", (d) => {
      output += d;
      if (output.includes("Loft devnet is running")) {
        clearTimeout(timer);
        resolve({ pid: child.pid!, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the devnet exited (${code}):\n${output}`));
    });
  });
}

test("default: a missing dir is created and marked; an empty one is marked; a marked one is emptied", () => {
  const fresh = join(root, "a", "devnet");
  prepareDevnetDataDir(fresh).release();
  assert.deepEqual(readdirSync(fresh).sort(), [DEVNET_MARKER, LOCK_FILE]);
  assert.equal(JSON.parse(readFileSync(join(fresh, DEVNET_MARKER), "utf8")).createdBy, "loft devnet");
  writeFileSync(join(fresh, "data.mdb"), "last run");
  mkdirSync(join(fresh, "sub"));
  prepareDevnetDataDir(fresh).release();
  assert.deepEqual(readdirSync(fresh).sort(), [DEVNET_MARKER, LOCK_FILE], "the previous run's data is gone, the marker stays");
  const empty = mkdtempSync(join(root, "empty-"));
  prepareDevnetDataDir(empty).release();
  assert.ok(existsSync(join(empty, DEVNET_MARKER)));
});

test("error: a dir without the marker (a real chain's data dir, --l1-rpc forgotten) is refused, untouched, in one line", () => {
  const chain = join(root, "chain");
  mkdirSync(chain);
  writeFileSync(join(chain, "data.mdb"), "a real chain");
  assert.throws(() => prepareDevnetDataDir(chain), (error: unknown) => {
    assert.ok(error instanceof DevnetDataDirError);
    assert.match(error.message, /^data dir .*chain was not created by a devnet \(no \.loft-devnet marker in it\).*: give a --data-dir that does not exist yet, pass --l1-rpc to run against the chain it belongs to, or remove it yourself if it is an older devnet.s$/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
  assert.deepEqual(readdirSync(chain), ["data.mdb"], "nothing removed, not even a lock file added");
  assert.equal(readFileSync(join(chain, "data.mdb"), "utf8"), "a real chain");
  writeFileSync(join(root, "file"), "x");
  assert.throws(() => prepareDevnetDataDir(join(root, "file")), /is not a directory/);
});

test("error: a second `loft start` on a running devnet's data dir fails at once naming the holder; the first keeps its data and serves", { timeout: 120_000 }, async () => {
  const dataDir = join(root, "running");
  const port = await freePort();
  const first = await startDevnetProcess(["--data-dir", dataDir, "--port", String(port), "--signature-workers", "1", "--log-level", "warn"]);
  try {
    const before = readdirSync(dataDir).sort();
    assert.ok(before.includes("data.mdb"), `LMDB in the running devnet's dir: ${before}`);
    const second = spawn(process.execPath, ["--import", "tsx", "sequencer/cli/main.ts", "start", "--data-dir", dataDir, "--port", String(await freePort()), "--signature-workers", "1"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    second.stderr!.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
    assert.equal(code, 1);
    assert.match(stderr.trim(), new RegExp(`^loft: data dir ${dataDir} is in use by process ${first.pid} on \\S+ \\(since [^)]+\\): stop that process first, or give another --data-dir$`));
    assert.deepEqual(readdirSync(dataDir).sort(), before, "the running devnet's files are all there");
    const stats = await fetch(`http://127.0.0.1:${port}/api/stats`);
    assert.equal(stats.status, 200, "the first devnet still serves");
  } finally {
    assert.equal(await first.stop(), 0);
  }
  // stopped, it released the lock: the next devnet takes the dir and empties it (a holder killed with SIGKILL leaves no lock either: test/store/data-dir-lock.test.ts)
  prepareDevnetDataDir(dataDir).release();
  assert.deepEqual(readdirSync(dataDir).sort(), [DEVNET_MARKER, LOCK_FILE]);
});
