/** Random pre-batch states and valid user-transaction batches over them, for the codec tests. */
import fc from "fast-check";
import { Transaction, TRANSACTION_SIZE, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import type { DecodeContext } from "../../sequencer/batch-data/decode-batch-data.ts";
import type { EncodeContext } from "../../sequencer/batch-data/encode-batch-data.ts";

export interface PreState {
  addresses: Uint8Array[];
  nonces: number[];
}

const hex = (a: Uint8Array) => Buffer.from(a).toString("hex");

export function contexts(state: PreState, created: Uint8Array[] = []): { encode: EncodeContext; decode: DecodeContext } {
  const index = new Map(state.addresses.map((a, i) => [hex(a), i]));
  // the encoder sees the state after the batch: new accounts follow the old ones
  const after = new Map(index);
  for (const a of created) if (!after.has(hex(a))) after.set(hex(a), after.size);
  return {
    encode: { baseAccountCount: state.addresses.length, indexOf: (a) => after.get(hex(a)) },
    decode: {
      accountCount: state.addresses.length,
      addressAt: (i) => state.addresses[i]!,
      nonceAt: (i) => state.nonces[i]!,
      indexOf: (a) => index.get(hex(a)),
    },
  };
}

const address = fc.uint8Array({ minLength: 20, maxLength: 20 });
const amount = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 20 })).map(([m, e]) => BigInt(m) * 10n ** BigInt(e)),
);

/** A pre-state and a batch whose senders use their implied nonces in order. */
export const stateAndBatch = fc
  .record({
    addresses: fc.uniqueArray(address, { minLength: 1, maxLength: 12, selector: hex }),
    fresh: fc.uniqueArray(address, { minLength: 0, maxLength: 5, selector: hex }),
    nonces: fc.array(fc.nat({ max: 1000 }), { minLength: 12, maxLength: 12 }),
    steps: fc.array(fc.record({ kind: fc.constantFrom(TxKind.transfer, TxKind.withdraw), from: fc.nat(), to: fc.nat(), amount, fee: amount, sig: fc.uint8Array({ minLength: 64, maxLength: 64 }), v: fc.constantFrom(27, 28), l1: address }), { maxLength: 30 }),
  })
  .map(({ addresses, fresh, nonces, steps }) => {
    const known = new Set(addresses.map(hex));
    const newcomers = fresh.filter((a) => !known.has(hex(a)));
    const everyone = [...addresses, ...newcomers];
    const next = new Map<string, number>();
    const records = new Uint8Array(steps.length * TRANSACTION_SIZE);
    steps.forEach((s, i) => {
      const from = everyone[s.from % everyone.length]!;
      const preIndex = addresses.findIndex((a) => hex(a) === hex(from));
      const nonce = next.get(hex(from)) ?? (preIndex >= 0 ? nonces[preIndex]! : 0);
      next.set(hex(from), nonce + 1);
      const to = s.kind === TxKind.withdraw ? s.l1 : everyone[s.to % everyone.length]!;
      const signature = new Uint8Array(65);
      signature.set(s.sig);
      signature[64] = s.v;
      records.set(Transaction.serialize({ kind: s.kind, from, to, amount: s.amount, fee: s.fee, nonce, signature }), i * TRANSACTION_SIZE);
    });
    return { state: { addresses, nonces: nonces.slice(0, addresses.length) }, created: newcomers, records };
  });
