/** Test-only: a small genesis and a batch touching every position type (docs/fraud-proofs.md §2). */
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import type { Account } from "../../sequencer/protocol/ssz-types.ts";
import { actor, buildHonestBatch, type HonestBatch, type Intent } from "./batch-fixture.ts";

export const ETH = 10n ** 18n;
export const CHAIN_ID = 31337n;

/** Account 0 (fee recipient) and actors 1..n−1 with 10 ETH each. */
export function genesisOf(n: number): Account[] {
  return Array.from({ length: n }, (_, i) => ({ address: actor(i).address, balance: i === 0 ? 0n : 10n * ETH, nonce: 0 }));
}

/** Deposits (new and existing), full exits (with and without balance, absent), transfers by index and to new addresses, withdrawals. */
export function mixedIntents(): Intent[] {
  return [
    { type: "deposit", to: actor(20).address, amount: 3n * ETH },
    { type: "deposit", to: actor(1).address, amount: ETH },
    { type: "fullExit", sender: actor(2).address },
    { type: "fullExit", sender: actor(21).address },
    { type: "transfer", from: actor(1), to: actor(3).address, amount: ETH, fee: 10n ** 15n },
    { type: "transfer", from: actor(3), to: actor(22).address, amount: 2n * ETH, fee: 0n },
    { type: "transfer", from: actor(20), to: actor(1).address, amount: ETH / 2n, fee: 21n * 10n ** 9n },
    { type: "withdraw", from: actor(4), to: actor(30).address, amount: 5n * ETH, fee: 10n ** 14n },
    { type: "transfer", from: actor(22), to: actor(23).address, amount: ETH, fee: 1n },
    { type: "transfer", from: actor(1), to: actor(1).address, amount: 7n, fee: 3n },
  ];
}

export function mixedBatch(verifyingContract: string, extraTransfers = 0): HonestBatch {
  const intents = mixedIntents();
  for (let i = 0; i < extraTransfers; i++) {
    intents.push({ type: "transfer", from: actor(1 + (i % 4)), to: actor(40 + i).address, amount: 1000n + BigInt(i), fee: 1n });
  }
  return buildHonestBatch(genesisOf(6), intents, loftDomain(CHAIN_ID, verifyingContract));
}
