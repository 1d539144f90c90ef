/** (b) keccak-256 digests per second of 64-byte messages: ours vs hash-wasm vs ethers. */
import { createKeccak } from "hash-wasm";
import { keccak256 } from "ethers";
import type { LoftCore } from "../../sequencer/core/index.ts";
import { interleavedRates, randomBytes, type Measurement } from "./measure.ts";

const BATCH = 256;

export async function benchKeccak(core: LoftCore): Promise<Measurement[]> {
  const messages = randomBytes(BATCH * 64);
  const single = messages.subarray(0, 64);
  const out32 = new Uint8Array(32);
  const outBatch = new Uint8Array(BATCH * 32);
  const hashWasm = await createKeccak(256);
  return interleavedRates([
    { name: "loft keccak256Into (one/call)", run: () => core.hashing.keccak256Into(single, out32), opsPerCall: 1 },
    { name: "loft keccak256BatchInto (256/call)", run: () => core.hashing.keccak256BatchInto(messages, 64, outBatch), opsPerCall: BATCH },
    { name: "hash-wasm createKeccak(256) init/update/digest", run: () => hashWasm.init().update(single).digest("binary"), opsPerCall: 1 },
    { name: "ethers keccak256", run: () => keccak256(single), opsPerCall: 1 },
  ], "digests/s");
}
