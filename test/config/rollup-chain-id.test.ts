/** The rollup's own chain id: recorded at deployment, the devnet's by default on a local L1, never the L1's. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEVNET_ROLLUP_CHAIN_ID, resolveRollupChainId, RollupChainIdError } from "../../sequencer/config/rollup-chain-id.ts";

test("default: the recorded id, else the given one, else the devnet's on a local L1", () => {
  assert.equal(DEVNET_ROLLUP_CHAIN_ID, 0x4c4f4654n);
  assert.equal(resolveRollupChainId(undefined, undefined, 31337n, "the devnet"), DEVNET_ROLLUP_CHAIN_ID);
  assert.equal(resolveRollupChainId(424242, undefined, 1n, "loft deploy"), 424242n);
  assert.equal(resolveRollupChainId(undefined, 424242, 1n, "data dir d"), 424242n);
  assert.equal(resolveRollupChainId(424242, 424242, 1n, "data dir d"), 424242n);
});

test("error: unknown outside a devnet, the L1's own, or a --chain-id that contradicts the data dir", () => {
  assert.throws(() => resolveRollupChainId(undefined, undefined, 1n, "data dir d"), (e: unknown) => e instanceof RollupChainIdError && /chain id is unknown for data dir d \(L1 chain 1\): pass --chain-id N/.test(e.message));
  assert.throws(() => resolveRollupChainId(11155111, undefined, 11155111n, "loft follow"), /is the L1's chain id/);
  assert.throws(() => resolveRollupChainId(5, 424242, 1n, "data dir d"), /--chain-id 5 differs from the rollup chain id 424242 recorded in data dir d/);
});
