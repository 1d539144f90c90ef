/**
 * Random pre-batch states and executed-looking batches over them, for the codec tests: L1 queue
 * messages first (deposits to new and existing addresses, full exits of present and absent
 * accounts), then transfers and withdrawals whose senders exist at that point (accounts created
 * earlier in the batch included) and whose recipients may be new. Entries are arbitrary: the codec
 * carries them.
 */
import fc from "fast-check";
import { Transaction, TRANSACTION_SIZE, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import type { DecodeContext } from "../../sequencer/batch-data/decode-batch-data.ts";
import type { EncodeContext, ExecutedBatch } from "../../sequencer/batch-data/encode-batch-data.ts";
import { chunkCount } from "../../sequencer/batch-data/segments.ts";

export interface PreState {
  addresses: Uint8Array[];
  nonces: number[];
}

export interface Batch {
  state: PreState;
  /** What the encoder gets: the included records, full exits with their withdrawn amounts. */
  executed: ExecutedBatch;
  /** The queue messages as L1 has them (a full exit's amount 0), for the decoder. */
  messages: Uint8Array[];
  /** The user records alone, as the decoder gives them back. */
  users: Uint8Array;
}

const hex = (a: Uint8Array) => Buffer.from(a).toString("hex");
const ZERO20 = new Uint8Array(20);
const NO_SIGNATURE = new Uint8Array(65);

export function contexts(state: PreState): { encode: EncodeContext; decode: DecodeContext } {
  const index = new Map(state.addresses.map((a, i) => [hex(a), i]));
  return {
    encode: { accountCount: state.addresses.length, indexOf: (a) => index.get(hex(a)) },
    decode: {
      accountCount: state.addresses.length,
      addressAt: (i) => state.addresses[i]!,
      nonceAt: (i) => state.nonces[i]!,
      indexOf: (a) => index.get(hex(a)),
    },
  };
}

export const queueMessage = (kind: number, to: Uint8Array, amount: bigint, index: number): Uint8Array =>
  Transaction.serialize({ kind, from: ZERO20, to, amount, fee: 0n, nonce: index, signature: NO_SIGNATURE });

export function signedRecord(kind: number, from: Uint8Array, to: Uint8Array, amount: bigint, fee: bigint, nonce: number, v = 27): Uint8Array {
  const signature = new Uint8Array(65).fill(7);
  signature[64] = v;
  return Transaction.serialize({ kind, from, to, amount, fee, nonce, signature });
}

const address = fc.uint8Array({ minLength: 20, maxLength: 20 });
export const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 20 })).map(([m, e]) => BigInt(m) * 10n ** BigInt(e)),
);

export const stateAndBatch: fc.Arbitrary<Batch> = fc
  .record({
    addresses: fc.uniqueArray(address, { minLength: 1, maxLength: 12, selector: hex }),
    fresh: fc.uniqueArray(address, { minLength: 0, maxLength: 6, selector: hex }),
    nonces: fc.array(fc.nat({ max: 1000 }), { minLength: 12, maxLength: 12 }),
    queued: fc.array(fc.record({ deposit: fc.boolean(), who: fc.nat(), amount }), { maxLength: 40, size: "medium" }),
    steps: fc.array(fc.record({ withdraw: fc.boolean(), from: fc.nat(), to: fc.nat(), amount, fee: amount, v: fc.constantFrom(27, 28), l1: address }), { maxLength: 80, size: "medium" }),
    queueStart: fc.nat({ max: 1000 }),
    entrySeed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  })
  .map(({ addresses, fresh, nonces, queued, steps, queueStart, entrySeed }) => {
    const known = new Set(addresses.map(hex));
    const everyone = [...addresses, ...fresh.filter((a) => !known.has(hex(a)))];
    const existing = [...addresses];
    const exists = (a: Uint8Array) => existing.some((e) => hex(e) === hex(a));
    const next = new Map<string, number>();
    const records: Uint8Array[] = [];
    const messages: Uint8Array[] = [];
    queued.forEach((m, i) => {
      const who = everyone[m.who % everyone.length]!;
      const present = exists(who);
      if (m.deposit) {
        if (!present) existing.push(who);
        messages.push(queueMessage(TxKind.deposit, who, m.amount, queueStart + i));
        records.push(messages[i]!);
      } else {
        messages.push(queueMessage(TxKind.fullExit, who, 0n, queueStart + i));
        records.push(queueMessage(TxKind.fullExit, who, present ? m.amount : 0n, queueStart + i));
      }
    });
    const users: Uint8Array[] = [];
    for (const s of steps) {
      const from = existing[s.from % existing.length]!;
      const preIndex = addresses.findIndex((a) => hex(a) === hex(from));
      const nonce = next.get(hex(from)) ?? (preIndex >= 0 ? nonces[preIndex]! : 0);
      next.set(hex(from), nonce + 1);
      const to = s.withdraw ? s.l1 : everyone[s.to % everyone.length]!;
      if (!s.withdraw && !exists(to)) existing.push(to);
      users.push(signedRecord(s.withdraw ? TxKind.withdraw : TxKind.transfer, from, to, s.amount, s.fee, nonce, s.v));
    }
    records.push(...users);
    const chunkEntries = new Uint8Array(chunkCount(records.length) * 32).map((_, i) => entrySeed[i % 32]! ^ (i >> 5));
    const executed = { included: concat(records), queueMessages: queued.length, chunkEntries };
    return { state: { addresses, nonces: nonces.slice(0, addresses.length) }, executed, messages, users: concat(users) };
  })
  .filter((b) => b.executed.included.length > 0);

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const userRecordCount = (b: Batch) => b.users.length / TRANSACTION_SIZE;
