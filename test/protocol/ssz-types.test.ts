/**
 * The protocol's SSZ types against an independent reading of spec §1: a direct SHA-256
 * merkleization written here with node:crypto (field order, widths, little-endian integers,
 * list limits and the length mix-in), plus serialization round trips.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import {
  Account, BatchHeader, ExitList, StateList, Transaction, TxList, Withdrawal,
  ACCOUNT_SIZE, BATCH_HEADER_SIZE, TRANSACTION_SIZE, WITHDRAWAL_SIZE,
} from "../../sequencer/protocol/ssz-types.ts";
import { bytes, nonce, runs, seed, uint128Edges } from "./arbitraries.ts";

const sha256 = (...parts: Uint8Array[]) => new Uint8Array(createHash("sha256").update(Buffer.concat(parts)).digest());
const zero = new Uint8Array(32);

function chunk(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(value);
  return out;
}
function uintChunk(value: bigint | number): Uint8Array {
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 0; v > 0n; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}
/** Chunks of a ByteVector longer than 32 bytes (the 65-byte signature: 3 chunks, padded to 4). */
function byteVectorRoot(value: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < value.length; i += 32) chunks.push(chunk(value.subarray(i, i + 32)));
  return merkleize(chunks, 4);
}
function merkleize(chunks: Uint8Array[], width: number): Uint8Array {
  let level = [...chunks];
  let zeroHash = zero;
  for (let size = width; size > 1; size /= 2) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < Math.max(level.length, 1); i += 2) next.push(sha256(level[i] ?? zeroHash, level[i + 1] ?? zeroHash));
    level = level.length === 0 ? [] : next;
    zeroHash = sha256(zeroHash, zeroHash);
  }
  return level[0] ?? zeroHash;
}
function listRoot(roots: Uint8Array[], depth: number): Uint8Array {
  let level = roots;
  let zeroHash = zero;
  for (let d = 0; d < depth; d++) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256(level[i]!, level[i + 1] ?? zeroHash));
    level = next;
    zeroHash = sha256(zeroHash, zeroHash);
  }
  return sha256(level[0] ?? zeroHash, uintChunk(roots.length));
}

const account = fc.record({ address: bytes(20), balance: uint128Edges, nonce });
const withdrawal = fc.record({ recipient: bytes(20), amount: uint128Edges });
const transaction = fc.record({
  kind: fc.constantFrom(0, 1, 2, 3), from: bytes(20), to: bytes(20),
  amount: uint128Edges, fee: uint128Edges, nonce, signature: bytes(65),
});
const header = fc.record({
  number: nonce, parentRoot: bytes(32), stateRoot: bytes(32), txRoot: bytes(32),
  exitRoot: bytes(32), queueCount: nonce, timestamp: nonce, dataHash: bytes(32),
});

const accountRoot = (a: Account) => merkleize([chunk(a.address), uintChunk(a.balance), uintChunk(a.nonce)], 4);
const withdrawalRoot = (w: Withdrawal) => merkleize([chunk(w.recipient), uintChunk(w.amount)], 2);
const transactionRoot = (t: Transaction) => merkleize([
  uintChunk(t.kind), chunk(t.from), chunk(t.to), uintChunk(t.amount), uintChunk(t.fee), uintChunk(t.nonce), byteVectorRoot(t.signature),
], 8);
const headerRoot = (h: BatchHeader) => merkleize([
  uintChunk(h.number), h.parentRoot, h.stateRoot, h.txRoot, h.exitRoot, uintChunk(h.queueCount), uintChunk(h.timestamp), h.dataHash,
], 8);

test("fixed sizes: Account 44, Transaction 146, Withdrawal 36, BatchHeader 184 bytes", () => {
  assert.deepEqual([ACCOUNT_SIZE, TRANSACTION_SIZE, WITHDRAWAL_SIZE, BATCH_HEADER_SIZE], [44, 146, 36, 184]);
});

for (const [name, type, arbitrary, root] of [
  ["Account", Account, account, accountRoot],
  ["Withdrawal", Withdrawal, withdrawal, withdrawalRoot],
  ["Transaction", Transaction, transaction, transactionRoot],
  ["BatchHeader", BatchHeader, header, headerRoot],
] as const) {
  test(`${name}: serialize/deserialize round trip and hash_tree_root as the spec defines it`, () => {
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<never>, (value) => {
        const t = type as unknown as { serialize(v: unknown): Uint8Array; deserialize(b: Uint8Array): unknown; hashTreeRoot(v: unknown): Uint8Array };
        const encoded = t.serialize(value);
        assert.deepEqual(t.serialize(t.deserialize(encoded)), encoded);
        assert.deepEqual(t.hashTreeRoot(value), (root as (v: unknown) => Uint8Array)(value));
      }),
      { seed, numRuns: runs(200) },
    );
  });
}

test("list roots: state (limit 2^32), transactions and exits (limit 2^16) mix in the length", () => {
  fc.assert(
    fc.property(fc.array(account, { maxLength: 9 }), fc.array(withdrawal, { maxLength: 9 }), fc.array(transaction, { maxLength: 5 }), (accounts, exits, txs) => {
      assert.deepEqual(StateList.hashTreeRoot(accounts), listRoot(accounts.map(accountRoot), 32));
      assert.deepEqual(ExitList.hashTreeRoot(exits), listRoot(exits.map(withdrawalRoot), 16));
      assert.deepEqual(TxList.hashTreeRoot(txs), listRoot(txs.map(transactionRoot), 16));
    }),
    { seed, numRuns: runs(40) },
  );
});

test("Transaction serialization is little-endian, fields in spec order", () => {
  const tx = { kind: 1, from: new Uint8Array(20).fill(0xaa), to: new Uint8Array(20).fill(0xbb), amount: 0x0102n, fee: 3n, nonce: 0x0405, signature: new Uint8Array(65).fill(0xcc) };
  const encoded = Transaction.serialize(tx);
  assert.equal(encoded[0], 1);
  assert.equal(encoded[1], 0xaa);
  assert.equal(encoded[21], 0xbb);
  assert.deepEqual([...encoded.subarray(41, 43)], [0x02, 0x01]);
  assert.equal(encoded[57], 3);
  assert.deepEqual([...encoded.subarray(73, 75)], [0x05, 0x04]);
  assert.equal(encoded[81], 0xcc);
});
