/**
 * Property: any single mutation of a valid withdraw or escape proof (a bit of any sibling, of the
 * claimed root, of its header branch, of the batch's dataRoot or commit branch; the index, length,
 * batch, commit or any leaf field; two siblings swapped) is rejected by the Rollup with a proof
 * error. Calls are eth_call, so thousands are cheap. (freeze takes no proof in v2.)
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { getBytes, hexlify, randomBytes } from "ethers";
import { runs, seed } from "../protocol/arbitraries.ts";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, account, deployRollup, outcome, withdrawal, type RollupFixture } from "./rollup-fixture.ts";

const PROOF_ERRORS = new Set([
  "InvalidWithdrawalProof", "InvalidAccountProof", "InvalidBatchProof", "IndexNotBelowLength",
  "ListLengthAboveLimit", "BatchNotInCommit", "UnknownCommit", "BatchAfterEscapeBatch", "NothingToEscape",
]);

type Args = unknown[];
type Mutation = { describe: string; apply(args: Args): Args };

const flipBit = (word: string, bit: number) => {
  const b = getBytes(word).slice();
  b[bit >> 3]! ^= 1 << (bit & 7);
  return hexlify(b);
};
const replaceAt = (args: Args, position: number, value: unknown) => args.map((v, i) => (i === position ? value : v));
const replaceIn = (list: string[], i: number, value: string) => list.map((v, j) => (j === i ? value : v));

/** Mutations of a proof whose argument positions are given (withdraw and escape differ). */
function mutations(p: { root?: number; headerBranch?: number; commit?: number; index: number; length: number; branch: number; depth: number; fields: Array<[number, fc.Arbitrary<unknown>]>; batch?: number }) {
  const arbs: fc.Arbitrary<Mutation>[] = [
    ...headerMutations(p),
    ...commitMutations(p),
    fc.tuple(fc.nat(p.depth - 1), fc.nat(255)).map(([i, bit]) => ({
      describe: `flip bit ${bit} of branch[${i}]`,
      apply: (a: Args) => replaceAt(a, p.branch, replaceIn(a[p.branch] as string[], i, flipBit((a[p.branch] as string[])[i]!, bit))),
    })),
    fc.nat(2 ** 33).map((v) => ({ describe: `index ${v}`, apply: (a: Args) => replaceAt(a, p.index, v) })),
    fc.nat(2 ** 33).map((v) => ({ describe: `length ${v}`, apply: (a: Args) => replaceAt(a, p.length, v) })),
    fc.tuple(fc.nat(p.depth - 1), fc.nat(p.depth - 1)).map(([i, j]) => ({
      describe: `swap branch[${i}] and branch[${j}]`,
      apply: (a: Args) => {
        const list = [...(a[p.branch] as string[])];
        [list[i], list[j]] = [list[j]!, list[i]!];
        return replaceAt(a, p.branch, list);
      },
    })),
    ...p.fields.map(([position, arb]) => arb.map((v) => ({ describe: `field ${position} = ${String(v)}`, apply: (a: Args) => replaceAt(a, position, v) }))),
  ];
  if (p.batch !== undefined) {
    const position = p.batch;
    arbs.push(fc.nat(5).map((v) => ({ describe: `batch ${v}`, apply: (a: Args) => replaceAt(a, position, v) })));
  }
  return fc.oneof(...arbs);
}

type CommitProofArg = { commitIndex: number; dataRoot: string; branch: string[] };

/** Mutations of withdraw's commit proof {commitIndex, dataRoot, branch} at `commit`. */
function commitMutations(p: { commit?: number }): fc.Arbitrary<Mutation>[] {
  const { commit } = p;
  if (commit === undefined) return [];
  const change = (a: Args, c: Partial<CommitProofArg>) => replaceAt(a, commit, { ...(a[commit] as CommitProofArg), ...c });
  const branchOf = (a: Args) => (a[commit] as CommitProofArg).branch;
  return [
    fc.nat(255).map((bit) => ({ describe: `flip bit ${bit} of dataRoot`, apply: (a: Args) => change(a, { dataRoot: flipBit((a[commit] as CommitProofArg).dataRoot, bit) }) })),
    fc.tuple(fc.nat(7), fc.nat(255)).map(([i, bit]) => ({
      describe: `flip bit ${bit} of commit branch[${i}]`,
      apply: (a: Args) => change(a, { branch: replaceIn(branchOf(a), i, flipBit(branchOf(a)[i]!, bit)) }),
    })),
    fc.tuple(fc.nat(7), fc.nat(7)).map(([i, j]) => ({
      describe: `swap commit branch[${i}] and [${j}]`,
      apply: (a: Args) => {
        const list = [...branchOf(a)];
        [list[i], list[j]] = [list[j]!, list[i]!];
        return change(a, { branch: list });
      },
    })),
    fc.nat(4).map((v) => ({ describe: `commit ${v}`, apply: (a: Args) => change(a, { commitIndex: v }) })),
  ];
}

/** Mutations of a header field proof (claimed root at `root`, its 3 siblings at `headerBranch`). */
function headerMutations(p: { root?: number; headerBranch?: number }): fc.Arbitrary<Mutation>[] {
  const { root, headerBranch } = p;
  if (root === undefined || headerBranch === undefined) return [];
  return [
    fc.tuple(fc.nat(2), fc.nat(255)).map(([i, bit]) => ({
      describe: `flip bit ${bit} of headerBranch[${i}]`,
      apply: (a: Args) => replaceAt(a, headerBranch, replaceIn(a[headerBranch] as string[], i, flipBit((a[headerBranch] as string[])[i]!, bit))),
    })),
    fc.nat(255).map((bit) => ({ describe: `flip bit ${bit} of the claimed root`, apply: (a: Args) => replaceAt(a, root, flipBit(a[root] as string, bit)) })),
    fc.tuple(fc.nat(2), fc.nat(2)).map(([i, j]) => ({
      describe: `swap headerBranch[${i}] and [${j}]`,
      apply: (a: Args) => {
        const list = [...(a[headerBranch] as string[])];
        [list[i], list[j]] = [list[j]!, list[i]!];
        return replaceAt(a, headerBranch, list);
      },
    })),
  ];
}

const changed = (a: Args, b: Args) => JSON.stringify(a, (_, v) => (typeof v === "bigint" ? v.toString() : v)) !== JSON.stringify(b, (_, v) => (typeof v === "bigint" ? v.toString() : v));
const randomAddress = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hexlify(b));
const uint128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

describe("proof mutations never verify", () => {
  const size = 24;
  let f: RollupFixture;
  const withdrawBases: Args[] = [];
  const escapeBases: Args[] = [];

  before(async () => {
    f = await deployRollup();
    const accounts = [...f.batches[0]!.accounts];
    while (accounts.length < size) accounts.push(account(hexlify(randomBytes(20)), BigInt(accounts.length) * 1000n + 1n, accounts.length));
    const exits = Array.from({ length: size }, (_, i) => withdrawal(hexlify(randomBytes(20)), BigInt(i + 1)));
    await f.commitMany([{}, { accounts, exits }, { accounts }]); // the exits in a middle batch of the commit
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    await (await f.rollup.getFunction("requestFullExit")()).wait();
    await f.chain.increaseTime(INCLUSION_WINDOW + 1);
    await f.freeze(); // escape batch = 3, the commit's last: batch 2's withdrawals still pay
  });

  async function assertRejected(name: "withdraw" | "escape", original: Args, mutated: Args, describe: string) {
    fc.pre(changed(original, mutated));
    const result = await outcome(f.rollup.getFunction(name).staticCall(...mutated), f.rollup.interface);
    assert.ok(PROOF_ERRORS.has(result.name), `${describe}: ${result.name}, not a proof error`);
  }

  it("withdraw: every single mutation of a valid proof is rejected", async () => {
    await f.rollup.getFunction("withdraw").staticCall(...f.withdrawArgs(2, 0)); // the base proofs verify
    // withdraw(number, commitProof, exitRoot, headerBranch, index, recipient, amount, length, branch)
    const m = mutations({ batch: 0, commit: 1, root: 2, headerBranch: 3, index: 4, length: 7, branch: 8, depth: 16, fields: [[5, randomAddress], [6, uint128]] });
    await fc.assert(fc.asyncProperty(fc.nat(size - 1), m, async (index, mutation) => {
      const original = withdrawBases[index] ??= f.withdrawArgs(2, index);
      await assertRejected("withdraw", original, mutation.apply(original), mutation.describe);
    }), { seed, numRuns: runs(2500) });
  });

  it("escape: every single mutation of a valid proof is rejected", async () => {
    await f.rollup.getFunction("escape").staticCall(...f.escapeArgs(3, 1));
    const m = mutations({ index: 3, length: 4, branch: 5, depth: 32, fields: [[0, randomAddress], [1, uint128], [2, fc.nat()]] });
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: size - 1 }), m, async (index, mutation) => {
      const original = escapeBases[index] ??= f.escapeArgs(3, index);
      await assertRejected("escape", original, mutation.apply(original), mutation.describe);
    }), { seed, numRuns: runs(2500) });
  });
});
