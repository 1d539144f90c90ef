/** Shared set-up of the core tests: one loaded core per test file, seeded randomness, fast-check run counts. */
import { setHasher } from "@chainsafe/persistent-merkle-tree";
import { hasher as asSha256Hasher } from "@chainsafe/persistent-merkle-tree/hasher/as-sha256";
import { loadCore, type LoftCore } from "../../sequencer/core/index.ts";

// The reference roots are computed by @chainsafe/ssz; its as-sha256 hasher only makes them faster.
setHasher(asSha256Hasher);

let core: Promise<LoftCore> | undefined;

/** A fresh WASM core per test file (each file runs in its own process). */
export function getCore(): Promise<LoftCore> {
  core ??= loadCore();
  return core;
}

/** fast-check runs: fewer under CI to keep the suite within budget. */
export function runs(local: number): number {
  return process.env.CI ? Math.max(5, Math.floor(local / 4)) : local;
}

/** Fixed seed so failures replay; override with FC_SEED. */
export const seed = Number(process.env.FC_SEED ?? 0x10f7);

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
