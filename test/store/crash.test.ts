/**
 * Nothing acknowledged is lost: a writer is killed with SIGKILL at arbitrary moments while it
 * seals batches; every batch it reported sealed is there afterwards, whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { identity, makeBatch } from "./fixtures.ts";

/** Runs the writer until it has reported `kill` more batches (or 20 s pass), then SIGKILLs it. */
function sealThenKill(dir: string, kill: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/store/crash-writer.ts", dir], { stdio: ["ignore", "pipe", "pipe"] });
    let last = 0;
    let seen = 0;
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) {
        const match = /^sealed (\d+)$/.exec(line);
        if (!match) continue;
        last = Number(match[1]);
        if (++seen === kill) child.kill("SIGKILL");
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`writer exited with ${code}: ${stderr}`));
      else resolve(last);
    });
  });
}

test("behavior: kill -9 while sealing loses no batch reported sealed", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-crash-"));
  try {
    let reported = 0;
    for (const kill of [7, 23, 41]) {
      reported = Math.max(reported, await sealThenKill(dir, kill));
      const store = await openStore({ dir, identity });
      try {
        const reader = new StoreReader(store);
        const latest = reader.latestSealed() ?? 0;
        assert.ok(latest >= reported, `latest sealed ${latest} is below the ${reported} reported sealed`);
        for (let n = 1; n <= latest; n++) {
          const expected = makeBatch(n, 50);
          const record = reader.batch(n);
          assert.ok(record, `batch ${n} missing`);
          assert.deepEqual(new Uint8Array(record.header), BatchHeader.serialize(expected.header));
          assert.equal(reader.batchTransactions(n, 0, 100).length, 50);
        }
        assert.equal(reader.accountCount(), latest + 1);
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
