/** (a) 64-byte node hashes per second: ours (SIMD and scalar) vs as-sha256 hashInto vs node:crypto (and native hashtree for reference). */
import { hash as cryptoHash } from "node:crypto";
import { hashInto as asSha256HashInto } from "@chainsafe/as-sha256";
import { hashInto as hashtreeHashInto } from "@chainsafe/hashtree";
import type { LoftCore } from "../../sequencer/core/index.ts";
import { rate, randomBytes, type Measurement } from "./measure.ts";

const NODES = 1024;

export function benchNodeHashes(core: LoftCore): Measurement[] {
  const input = randomBytes(NODES * 64);
  const output = new Uint8Array(NODES * 32);
  const unit = "node hashes/s";
  const results: Measurement[] = [
    { name: "loft hashNodesInto (SIMD, 1024 nodes/call)", unit, value: rate(() => core.hashing.hashNodesInto(input, output), NODES) },
    { name: "loft hashNodesInto (scalar, 1024 nodes/call)", unit, value: rate(() => core.hashing.hashNodesInto(input, output, "scalar"), NODES) },
    { name: "@chainsafe/as-sha256 hashInto (1024 nodes/call)", unit, value: rate(() => asSha256HashInto(input, output), NODES) },
    { name: "@chainsafe/hashtree hashInto, native (1024 nodes/call; not WASM)", unit, value: rate(() => hashtreeHashInto(input, output), NODES) },
  ];
  const single = input.subarray(0, 64);
  results.push({ name: "node:crypto hash('sha256') (one node/call)", unit, value: rate(() => cryptoHash("sha256", single, "buffer"), 1) });
  return results;
}
