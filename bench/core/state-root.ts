/**
 * (c) state root of 1M accounts from scratch: ours (load + root) vs @chainsafe/ssz
 * StateList.hashTreeRoot on each hasher; contenders alternate for ROUNDS rounds, best kept.
 */
import { StateList } from "../../sequencer/protocol/ssz-types.ts";
import type { LoftCore } from "../../sequencer/core/index.ts";
import { chainsafeHashers } from "./hashers.ts";
import { medianMs, type Measurement } from "./measure.ts";
import type { AccountSet } from "./accounts.ts";

const ROUNDS = 2;

export function benchStateRoot(core: LoftCore, accounts: AccountSet): Measurement[] {
  const n = accounts.values.length;
  let expected = "";
  const ours = () => {
    core.state.clear();
    core.state.load(accounts.bytes);
    expected = Buffer.from(core.state.root()).toString("hex");
  };
  const contenders = [
    { name: `loft state.load + root (${n} accounts)`, run: ours },
    ...chainsafeHashers.map((hasher) => ({
      name: `@chainsafe/ssz StateList.hashTreeRoot, ${hasher.label}`,
      run: () => {
        hasher.use();
        const root = Buffer.from(StateList.hashTreeRoot(accounts.values)).toString("hex");
        if (root !== expected) throw new Error(`state roots differ (${hasher.label}): ${root} vs ${expected}`);
      },
    })),
  ];
  const best = contenders.map(() => Infinity);
  ours(); // warm-up, and the expected root
  for (let r = 0; r < ROUNDS; r++) {
    contenders.forEach((c, k) => {
      best[k] = Math.min(best[k]!, medianMs(c.run, 1, 0));
    });
  }
  return contenders.map((c, k) => ({ name: c.name, unit: "ms", value: best[k]! }));
}
