/**
 * Test-only PreChunkState over an @chainsafe/ssz tree of List[Account, 2^32] (the proof builders
 * never depend on the WASM core, docs/fraud-proofs.md §4): node(level, index) is the node at depth
 * 33 − level under the list root (depth 1 is the data root; its sibling is the length).
 */
import { ContainerType, ListCompositeType, UintBigintType } from "@chainsafe/ssz";
import { getNodeAtDepth } from "@chainsafe/persistent-merkle-tree";
import { Bytes20, Uint128 } from "../../sequencer/protocol/ssz-types.ts";
import type { PreChunkState } from "../../sequencer/fraud/fraud-inputs.ts";

/** Account with a uint64 nonce as bigint (2^64 − 1 included); same roots as ssz-types' Account. */
const AccountBig = new ContainerType({ address: Bytes20, balance: Uint128, nonce: new UintBigintType(8) });
const StateListBig = new ListCompositeType(AccountBig, 2 ** 32);

export interface AccountLike {
  address: Uint8Array;
  balance: bigint;
  nonce: number | bigint;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export function stateRootOf(accounts: AccountLike[]): Uint8Array {
  return StateListBig.hashTreeRoot(accounts.map((a) => ({ ...a, nonce: BigInt(a.nonce) })));
}

export function stateAccessor(accounts: AccountLike[]): PreChunkState {
  const values = accounts.map((a) => ({ address: Uint8Array.from(a.address), balance: a.balance, nonce: BigInt(a.nonce) }));
  const root = StateListBig.toViewDU(values).node;
  const byAddress = new Map(values.map((a, i) => [hex(a.address), i]));
  return {
    count: values.length,
    account: (index) => values[index]!,
    node: (level, index) => getNodeAtDepth(root, 33 - level, index).root,
    indexOf: (address) => byAddress.get(hex(address)),
  };
}
