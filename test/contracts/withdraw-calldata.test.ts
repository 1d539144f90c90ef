/** sequencer/l1: the artifact loader and the withdraw / escape calldata builders other parts use. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { randomBytes } from "ethers";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { RollupArtifactError, loadRollupArtifact, rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import {
  ClaimError, batchLeaf, commitBranch, escapeCalldata, freezeCalldata, headerFieldBranch, keccakMerkleBranch, keccakMerkleRoot,
  withdrawArgs, withdrawCalldata, type WithdrawalClaim,
} from "../../sequencer/l1/withdraw-calldata.ts";
import { keccak_256 } from "@noble/hashes/sha3";
import { exitProof, makeHeader, stateProof } from "./ssz-lists.ts";

const header = makeHeader({
  number: 7, parentRoot: randomBytes(32), stateRoot: randomBytes(32), exitRoot: randomBytes(32),
  queueCount: 3, timestamp: 1_700_000_000, data: randomBytes(10),
});
const exits = [{ recipient: randomBytes(20), amount: 5n }, { recipient: randomBytes(20), amount: 6n }];
const proof = exitProof(exits, 1);
const dataRoot = randomBytes(32);
const leaves = [randomBytes(32), batchLeaf(header, dataRoot), randomBytes(32)];
const commit = { index: 4, dataRoot, branch: commitBranch(leaves, 1) };
const claim: WithdrawalClaim = { header, commit, index: 1, length: 2, withdrawal: exits[1]!, branch: proof.branch };
const hex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");

const sha = (a: Uint8Array, b: Uint8Array) => createHash("sha256").update(a).update(b).digest();

describe("sequencer/l1 withdraw calldata", () => {
  it("default: header branches prove every chunk against hash_tree_root(header)", () => {
    const root = Buffer.from(BatchHeader.hashTreeRoot(header));
    const serialized = BatchHeader.serialize(header);
    const offsets = [0, 8, 40, 72, 104, 136, 144, 152, 184];
    for (let chunk = 0; chunk < 8; chunk++) {
      let node: Uint8Array = new Uint8Array(32);
      node.set(serialized.subarray(offsets[chunk]!, offsets[chunk + 1]!));
      headerFieldBranch(header, chunk).forEach((sibling, level) => {
        node = (chunk >> level) & 1 ? sha(sibling, node) : sha(node, sibling);
      });
      assert.deepEqual(Buffer.from(node), root, `chunk ${chunk}`);
    }
  });

  it("default: withdrawCalldata encodes withdraw(...) with the claim's fields", () => {
    const decoded = rollupInterface().decodeFunctionData("withdraw", withdrawCalldata(claim));
    assert.equal(decoded[0], 7n);
    assert.deepEqual([decoded[1].commitIndex, decoded[1].dataRoot, [...decoded[1].branch]], [4n, hex(dataRoot), commit.branch.map(hex)]);
    assert.equal(decoded[2], hex(header.exitRoot));
    assert.equal(decoded[4], 1n);
    assert.equal(decoded[5].toLowerCase(), hex(exits[1]!.recipient));
    assert.deepEqual([decoded[6], decoded[7]], [6n, 2n]);
    assert.equal(decoded[8].length, 16);
  });

  it("default: escapeCalldata encodes escape(...)", () => {
    const accounts = [{ address: randomBytes(20), balance: 9n, nonce: 4 }];
    const state = stateProof(accounts, 0);
    const data = escapeCalldata({ index: 0, length: 1, account: accounts[0]!, branch: state.branch });
    const decoded = rollupInterface().decodeFunctionData("escape", data);
    assert.equal(decoded[0].toLowerCase(), "0x" + Buffer.from(accounts[0]!.address).toString("hex"));
    assert.deepEqual([decoded[1], decoded[2], decoded[3], decoded[4], decoded[5].length], [9n, 4n, 0n, 1n, 32]);
  });

  it("default: freezeCalldata is freeze() with no arguments", () => {
    assert.equal(freezeCalldata(), rollupInterface().getFunction("freeze")!.selector);
  });

  it("default: keccak Merkle trees pad with zero_l and their branches fold back to the root", () => {
    const k = (a: Uint8Array, b: Uint8Array) => keccak_256(Buffer.concat([a, b]));
    const zero = new Uint8Array(32);
    const z1 = k(zero, zero);
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    assert.deepEqual(keccakMerkleRoot([a, b, c], 2), k(k(a, b), k(c, zero)));
    assert.deepEqual(keccakMerkleRoot([], 2), k(z1, z1));
    assert.deepEqual(keccakMerkleRoot([a], 1), k(a, zero));
    for (let depth = 8, i = 0; i < leaves.length; i++) {
      let node = leaves[i]!;
      keccakMerkleBranch(leaves, depth, i).forEach((sibling, level) => {
        node = (i >> level) & 1 ? k(sibling, node) : k(node, sibling);
      });
      assert.deepEqual(node, keccakMerkleRoot(leaves, depth), `leaf ${i}`);
    }
    assert.throws(() => keccakMerkleRoot([a, b, c], 1), ClaimError);
    assert.throws(() => commitBranch(leaves, 3), /batch position 3 is not below the commit's 3 batches/);
  });

  it("error: bad claims are ClaimErrors naming the field", () => {
    const bad: Array<[Partial<WithdrawalClaim>, RegExp]> = [
      [{ index: 2 }, /exit index must be an integer in 0\.\.1, got 2/],
      [{ index: -1 }, /exit index/],
      [{ length: 0 }, /exit length must be an integer in 1\.\.65536, got 0/],
      [{ length: 2 ** 16 + 1 }, /exit length/],
      [{ branch: proof.branch.slice(1) }, /exit branch must have 16 siblings, got 15/],
      [{ branch: [...proof.branch.slice(1), new Uint8Array(31)] }, /exit branch\[15\] must be 32 bytes, got 31/],
      [{ withdrawal: { recipient: new Uint8Array(19), amount: 1n } }, /withdrawal recipient must be 20 bytes/],
      [{ withdrawal: { recipient: new Uint8Array(20), amount: 1n << 128n } }, /withdrawal amount must be a uint128/],
      [{ withdrawal: { recipient: new Uint8Array(20), amount: -1n } }, /withdrawal amount must be a uint128/],
      [{ commit: { ...commit, index: -1 } }, /commit index must be a non-negative integer, got -1/],
      [{ commit: { ...commit, dataRoot: new Uint8Array(31) } }, /commit dataRoot must be 32 bytes/],
      [{ commit: { ...commit, branch: commit.branch.slice(1) } }, /commit branch must have 8 siblings, got 7/],
    ];
    for (const [change, message] of bad) {
      assert.throws(() => withdrawArgs({ ...claim, ...change }), (e: unknown) => e instanceof ClaimError && message.test(e.message));
    }
    assert.throws(() => headerFieldBranch(header, 8), ClaimError);
  });

  it("error: a missing or malformed artifact says to run build:contracts", () => {
    const dir = mkdtempSync(join(tmpdir(), "loft-abi-"));
    const missing = join(dir, "Rollup.json");
    assert.throws(() => loadRollupArtifact(missing), (e: unknown) => e instanceof RollupArtifactError && /not found.*npm run build:contracts/.test(e.message));
    writeFileSync(missing, "{not json");
    assert.throws(() => loadRollupArtifact(missing), /is not JSON/);
    writeFileSync(missing, JSON.stringify({ abi: [] }));
    assert.throws(() => loadRollupArtifact(missing), /has no abi\/bytecode/);
    assert.ok(loadRollupArtifact().bytecode.length > 1000);
  });
});
