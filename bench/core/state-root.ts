/** (c) state root of 1M accounts from scratch: ours (load + root) vs @chainsafe/ssz StateList.hashTreeRoot. */
import { StateList } from "../../sequencer/protocol/ssz-types.ts";
import type { LoftCore } from "../../sequencer/core/index.ts";
import { chainsafeHashers } from "./hashers.ts";
import { medianMs, type Measurement } from "./measure.ts";
import type { AccountSet } from "./accounts.ts";

export function benchStateRoot(core: LoftCore, accounts: AccountSet): Measurement[] {
  const ours = medianMs(() => {
    core.state.clear();
    core.state.load(accounts.bytes);
    core.state.root();
  }, 3);
  const n = accounts.values.length;
  const results: Measurement[] = [{ name: `loft state.load + root (${n} accounts)`, unit: "ms", value: ours }];
  const expected = Buffer.from(core.state.root()).toString("hex");
  for (const hasher of chainsafeHashers) {
    hasher.use();
    let root = "";
    const ms = medianMs(() => {
      root = Buffer.from(StateList.hashTreeRoot(accounts.values)).toString("hex");
    }, 1, 0);
    if (root !== expected) throw new Error(`state roots differ: ${root} vs ${expected}`);
    results.push({ name: `@chainsafe/ssz StateList.hashTreeRoot, ${hasher.label}`, unit: "ms", value: ms });
  }
  return results;
}
