import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Account, StateList } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { guardTrap } from "../../sequencer/core/trap-guard.ts";
import { startTsWorker } from "../../sequencer/signatures/ts-worker.ts";
import { addressOf } from "./arbitraries.ts";
import { hex } from "./core-fixture.ts";

const accounts = Array.from({ length: 50 }, (_, i) => ({ address: addressOf(i), balance: BigInt(i) * 7n, nonce: i }));
const serialized = Buffer.concat(accounts.map((a) => Account.serialize(a)));

test("loadCore works inside worker_threads, each thread with its own state", async () => {
  const message = new TextEncoder().encode("worker");
  const worker = startTsWorker(new URL("./core-worker.ts", import.meta.url), { workerData: { message, accounts: serialized } });
  try {
    const timeout = setTimeout(() => void worker.terminate(), 20_000);
    const [reply] = (await once(worker, "message")) as [{ keccak: Uint8Array; stateRoot: Uint8Array }];
    clearTimeout(timeout);
    const main = await loadCore();
    assert.equal(hex(reply.keccak), hex(main.hashing.keccak256(message)));
    assert.equal(hex(reply.stateRoot), hex(StateList.hashTreeRoot(accounts)));
    assert.equal(main.state.count, 0);
  } finally {
    await worker.terminate();
  }
});

test("views follow memory growth: results stay right after the memory grows mid-use", async () => {
  const core = await loadCore();
  const before = core.wasm.memory.buffer.byteLength;
  const small = core.hashing.keccak256(new Uint8Array(10));
  const big = new Uint8Array(64 * 1024 * 1024).fill(3); // forces growth of the input buffer
  const digest = core.hashing.sha256(big);
  assert.ok(core.wasm.memory.buffer.byteLength > before);
  assert.equal(hex(core.hashing.keccak256(new Uint8Array(10))), hex(small));
  const { createHash } = await import("node:crypto");
  assert.equal(hex(digest), createHash("sha256").update(big).digest("hex"));
  core.state.load(serialized);
  assert.equal(hex(core.state.root()), hex(StateList.hashTreeRoot(accounts)));
});

test("error: a missing module says how to build it", async () => {
  await assert.rejects(loadCore("/nonexistent/loft.wasm"), { message: "WASM core not found at /nonexistent/loft.wasm: run npm run build:wasm" });
});

test("error: a trap of the module becomes a CoreTrapError naming the operation", () => {
  assert.throws(() => guardTrap("execute", () => { throw new WebAssembly.RuntimeError("unreachable"); }), {
    name: "CoreTrapError",
    message: "execute: the WASM core trapped (unreachable), most likely out of memory; load a fresh core",
  });
  assert.throws(() => guardTrap("load", () => { throw new RangeError("other"); }), RangeError);
});
