import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getAddress, hexlify, verifyTypedData, Wallet, type TypedDataField } from "ethers";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { bytes, runs, seed, uint128Edges } from "../protocol/arbitraries.ts";
import { LOFT_EIP712_TYPES } from "../../sequencer/protocol/eip712.ts";
import { recoverSigner, SECP256K1_N, signatureProblem } from "../../sequencer/protocol/signature.ts";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { recoverChunk } from "../../sequencer/signatures/recover-chunk.ts";
import { RecoveryStatus } from "../../sequencer/signatures/recovery-status.ts";
import { AMOUNT_OFFSET, KIND_OFFSET, NONCE_OFFSET, SIGNATURE_OFFSET } from "../../sequencer/signatures/record-layout.ts";
import { domain, encodeRecord, recoveryContext, separator, signedBatch } from "./signed-records.ts";

const context = await recoveryContext();

const senderAt = (senders: Uint8Array, i: number) => getAddress(hexlify(senders.subarray(i * 20, i * 20 + 20)));

function typedValue(request: ReturnType<typeof signedBatch>["requests"][number]): { types: Record<string, TypedDataField[]>; value: Record<string, unknown> } {
  return request.type === "transfer"
    ? { types: { Transfer: [...LOFT_EIP712_TYPES.Transfer] }, value: { to: request.to, amount: request.amount, fee: request.fee, nonce: request.nonce } }
    : { types: { Withdraw: [...LOFT_EIP712_TYPES.Withdraw] }, value: { recipient: request.recipient, amount: request.amount, fee: request.fee, nonce: request.nonce } };
}

test("default: senders equal ethers verifyTypedData and the signing wallet's address", () => {
  const batch = signedBatch(24, 6);
  const { senders, statuses } = recoverChunk(context, batch.records, 24);
  for (let i = 0; i < 24; i++) {
    const { types, value } = typedValue(batch.requests[i]!);
    assert.equal(statuses[i], RecoveryStatus.ok);
    assert.equal(senderAt(senders, i), verifyTypedData(domain, types, value, batch.signatures[i]!));
    assert.equal(senderAt(senders, i), batch.signers[i]);
  }
});

test("behavior: a tampered field recovers some other address (status ok, not the signer)", () => {
  const batch = signedBatch(2);
  batch.records[AMOUNT_OFFSET] = batch.records[AMOUNT_OFFSET]! ^ 1;
  const { senders, statuses } = recoverChunk(context, batch.records, 2);
  assert.deepEqual([...statuses], [RecoveryStatus.ok, RecoveryStatus.ok]);
  assert.notEqual(senderAt(senders, 0), batch.signers[0]);
  assert.equal(senderAt(senders, 1), batch.signers[1]);
});

function writeUint256(bytes: Uint8Array, offset: number, value: bigint): void {
  for (let i = 31; i >= 0; i--, value >>= 8n) bytes[offset + i] = Number(value & 0xffn);
}

test("error: high-s, bad v, zero r, s ≥ n are notCanonical and leave a zero sender", () => {
  const batch = signedBatch(4);
  const sig = (i: number) => i * TRANSACTION_SIZE + SIGNATURE_OFFSET;
  const s0 = BigInt(`0x${hexlify(batch.records.subarray(sig(0) + 32, sig(0) + 64)).slice(2)}`);
  writeUint256(batch.records, sig(0) + 32, SECP256K1_N - s0); // the same signature with high s…
  batch.records[sig(0) + 64] = batch.records[sig(0) + 64] === 27 ? 28 : 27; // …and flipped v
  batch.records[sig(1) + 64] = 29;
  batch.records.fill(0, sig(2), sig(2) + 32);
  writeUint256(batch.records, sig(3) + 32, SECP256K1_N);
  const { senders, statuses } = recoverChunk(context, batch.records, 4);
  assert.deepEqual([...statuses], Array(4).fill(RecoveryStatus.notCanonical));
  assert.ok(senders.every((b) => b === 0));
});

test("error: a canonical r that is no curve point's x recovers no key", () => {
  const batch = signedBatch(1);
  const signature = batch.records.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 65);
  const digest = new Uint8Array(32).fill(7);
  let r = 1n;
  for (; r < 100n; r++) {
    writeUint256(signature, 0, r);
    if (recoverSigner(digest, signature) === undefined) break; // about half of all x have no point
  }
  assert.ok(r < 100n, "found an r with no point within 100 tries");
  const { senders, statuses } = recoverChunk(context, batch.records, 1);
  assert.equal(statuses[0], RecoveryStatus.noKeyRecovered);
  assert.ok(senders.every((b) => b === 0));
});

test("error: deposit/fullExit kinds, unknown kinds and nonces above 2^53 − 1 are malformed; the rest still recover", () => {
  const batch = signedBatch(5);
  batch.records[KIND_OFFSET] = 2;
  batch.records[TRANSACTION_SIZE + KIND_OFFSET] = 3;
  batch.records[2 * TRANSACTION_SIZE + KIND_OFFSET] = 0xee;
  new DataView(batch.records.buffer).setBigUint64(3 * TRANSACTION_SIZE + NONCE_OFFSET, 1n << 53n, true);
  const input = batch.records.slice();
  const { senders, statuses } = recoverChunk(context, batch.records, 5);
  assert.deepEqual([...statuses], [...Array(4).fill(RecoveryStatus.malformed), RecoveryStatus.ok]);
  assert.equal(senderAt(senders, 4), batch.signers[4]);
  assert.ok(senders.subarray(0, 80).every((b) => b === 0));
  assert.deepEqual(batch.records, input, "the caller's records are not modified");
});

test("behavior: garbage signatures never throw: notCanonical exactly when signatureProblem says so, else ok or noKeyRecovered", () => {
  const garbage = new Uint8Array(50 * TRANSACTION_SIZE).map((_, i) => (i * 2654435761) >>> 24);
  for (let i = 0; i < 50; i++) {
    garbage[i * TRANSACTION_SIZE] = i % 2; // transfer or withdraw…
    garbage.fill(0, i * TRANSACTION_SIZE + NONCE_OFFSET + 6, i * TRANSACTION_SIZE + NONCE_OFFSET + 8); // …with a nonce below 2^48
    if (i % 3 === 0) garbage[i * TRANSACTION_SIZE + SIGNATURE_OFFSET + 64] = 27 + (i % 2); // some with a valid v
  }
  const { senders, statuses } = recoverChunk(context, garbage, 50);
  statuses.forEach((status, i) => {
    const signature = garbage.subarray(i * TRANSACTION_SIZE + SIGNATURE_OFFSET, (i + 1) * TRANSACTION_SIZE);
    const expected = signatureProblem(signature) ? RecoveryStatus.notCanonical : [RecoveryStatus.ok, RecoveryStatus.noKeyRecovered];
    if (typeof expected === "number") assert.equal(status, expected);
    else assert.ok(expected.includes(status as 0 | 2));
    if (status !== RecoveryStatus.ok) assert.ok(senders.subarray(i * 20, i * 20 + 20).every((b) => b === 0));
  });
});

test("behavior: random keys and random transfers/withdrawals recover to the signing wallet (fast-check)", () => {
  const privateKey = bytes(32).filter((key) => {
    const k = BigInt(hexlify(key));
    return k > 0n && k < SECP256K1_N;
  });
  const request = fc.record({
    type: fc.constantFrom("transfer" as const, "withdraw" as const),
    to: bytes(20).filter((to) => to.some((b) => b !== 0)),
    amount: uint128Edges,
    fee: uint128Edges,
    nonce: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
  });
  fc.assert(
    fc.property(fc.array(fc.tuple(privateKey, request), { minLength: 1, maxLength: 6 }), (items) => {
      const records = new Uint8Array(items.length * TRANSACTION_SIZE);
      const requests = items.map(([key, r], i) => {
        const address = hexlify(r.to);
        const req = r.type === "transfer" ? { type: r.type, to: address, amount: r.amount, fee: r.fee, nonce: r.nonce } : { type: r.type, recipient: address, amount: r.amount, fee: r.fee, nonce: r.nonce };
        const signature = signWithKey(key, separator, req).signature!;
        records.set(encodeRecord(req, signature), i * TRANSACTION_SIZE);
        return { req, signature, signer: new Wallet(hexlify(key)).address };
      });
      const { senders, statuses } = recoverChunk(context, records, items.length);
      requests.forEach(({ req, signature, signer }, i) => {
        assert.equal(statuses[i], RecoveryStatus.ok);
        assert.equal(senderAt(senders, i), signer);
        if (i === 0) {
          const { types, value } = typedValue(req);
          assert.equal(verifyTypedData(domain, types, value, signature), signer);
        }
      });
    }),
    { seed, numRuns: runs(40) },
  );
});
