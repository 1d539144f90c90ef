/**
 * (d) 10,000 random account updates + new root in a 1M-account tree: ours (state.write + root) vs
 * @chainsafe/persistent-merkle-tree (setNodesAtDepth with batched hash computations, mix-in
 * length, the way @chainsafe/ssz ViewDU commits), on each hasher. The peer's main figure excludes
 * hashing the 10,000 new Account leaves (ours includes it); the figure with them is shown too.
 */
import {
  BranchNode, HashComputationGroup, LeafNode, executeHashComputations, setNodesAtDepth, subtreeFillToContents, type Node,
} from "@chainsafe/persistent-merkle-tree";
import { Account } from "../../sequencer/protocol/ssz-types.ts";
import type { LoftCore } from "../../sequencer/core/index.ts";
import { chainsafeHashers } from "./hashers.ts";
import { prng, type Measurement } from "./measure.ts";
import type { AccountSet } from "./accounts.ts";

const UPDATES = 10_000;
const ROUNDS = 5;

/** ROUNDS rounds of UPDATES distinct random indices with new balances (sorted, as both trees take them). */
function makeRounds(n: number): { indices: number[]; balances: bigint[] }[] {
  const next = prng(99);
  return Array.from({ length: ROUNDS }, () => {
    const set = new Set<number>();
    while (set.size < UPDATES) set.add(next() % n);
    const indices = [...set].sort((a, b) => a - b);
    return { indices, balances: indices.map(() => BigInt(next())) };
  });
}

function lengthNode(n: number): LeafNode {
  return LeafNode.fromUint32(n);
}

export function benchRandomUpdates(core: LoftCore, accounts: AccountSet): Measurement[] {
  const n = accounts.values.length;
  const rounds = makeRounds(n);
  const results: Measurement[] = [];

  // Ours: records (u32 index ‖ Account) written in one call, then the incremental root.
  core.state.clear();
  core.state.load(accounts.bytes);
  core.state.root();
  const records = rounds.map(({ indices, balances }) => {
    const buf = new Uint8Array(indices.length * 48);
    const view = new DataView(buf.buffer);
    indices.forEach((i, k) => {
      view.setUint32(k * 48, i, true);
      const value = accounts.values[i]!;
      buf.set(Account.serialize({ ...value, balance: balances[k]! }), k * 48 + 4);
    });
    return buf;
  });
  const ourTimes: number[] = [];
  const ourRoots: string[] = [];
  for (const r of records) {
    const start = process.hrtime.bigint();
    core.state.write(r);
    const root = core.state.root();
    ourTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    ourRoots.push(Buffer.from(root).toString("hex"));
  }
  results.push({ name: `loft state.write + root (${UPDATES} updates, ${n} accounts)`, unit: "ms", value: median(ourTimes) });

  for (const hasher of chainsafeHashers) {
    hasher.use();
    const leaves = accounts.values.map((a) => LeafNode.fromRoot(Account.hashTreeRoot(a)));
    let data: Node = subtreeFillToContents(leaves, 32);
    void data.root; // the starting tree is fully hashed before timing
    const hc = new HashComputationGroup();
    const withLeaves: number[] = [];
    const treeOnly: number[] = [];
    rounds.forEach(({ indices, balances }, r) => {
      const start = process.hrtime.bigint();
      const nodes = indices.map((i, k) => LeafNode.fromRoot(Account.hashTreeRoot({ ...accounts.values[i]!, balance: balances[k]! })));
      const leavesDone = process.hrtime.bigint();
      hc.reset();
      data = setNodesAtDepth(data, 32, indices, nodes, 0, hc.byLevel);
      executeHashComputations(hc.byLevel);
      const root = new BranchNode(data, lengthNode(n)).root;
      const end = process.hrtime.bigint();
      withLeaves.push(Number(end - start) / 1e6);
      treeOnly.push(Number(end - leavesDone) / 1e6);
      if (Buffer.from(root).toString("hex") !== ourRoots[r]) throw new Error(`round ${r}: roots differ (${hasher.label})`);
    });
    results.push({ name: `persistent-merkle-tree setNodesAtDepth + batch hash, ${hasher.label} (tree only)`, unit: "ms", value: median(treeOnly) });
    results.push({ name: `  same, including the 10,000 Account.hashTreeRoot leaves`, unit: "ms", value: median(withLeaves) });
  }
  return results;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
