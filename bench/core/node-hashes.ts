/** (a) 64-byte node hashes per second: ours (SIMD and scalar) vs as-sha256 hashInto vs node:crypto (and native hashtree for reference). */
import { hash as cryptoHash } from "node:crypto";
import { hashInto as asSha256HashInto } from "@chainsafe/as-sha256";
import { hashInto as hashtreeHashInto } from "@chainsafe/hashtree";
import type { LoftCore } from "../../sequencer/core/index.ts";
import { interleavedRates, randomBytes, type Measurement } from "./measure.ts";

const NODES = 1024;

export function benchNodeHashes(core: LoftCore): Measurement[] {
  const input = randomBytes(NODES * 64);
  const output = new Uint8Array(NODES * 32);
  const single = input.subarray(0, 64);
  return interleavedRates([
    { name: "loft hashNodesInto (SIMD, 1024 nodes/call)", run: () => core.hashing.hashNodesInto(input, output), opsPerCall: NODES },
    { name: "loft hashNodesInto (scalar, 1024 nodes/call)", run: () => core.hashing.hashNodesInto(input, output, "scalar"), opsPerCall: NODES },
    { name: "@chainsafe/as-sha256 hashInto (1024 nodes/call)", run: () => asSha256HashInto(input, output), opsPerCall: NODES },
    { name: "@chainsafe/hashtree hashInto, native (1024 nodes/call; not WASM)", run: () => hashtreeHashInto(input, output), opsPerCall: NODES },
    { name: "node:crypto hash('sha256') (one node/call)", run: () => cryptoHash("sha256", single, "buffer"), opsPerCall: 1 },
  ], "node hashes/s");
}
