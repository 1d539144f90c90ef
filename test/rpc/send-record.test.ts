/** loft_sendTransaction's record writer gives exactly Transaction.serialize's bytes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { userTransactionRecord } from "../../sequencer/node/rpc-methods.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";

test("property: the direct record equals the SSZ serialization for any fields", () => {
  const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
  fc.assert(
    fc.property(fc.constantFrom(TxKind.transfer, TxKind.withdraw), bytes(20), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), bytes(65), (kind, to, amount, fee, nonce, signature) => {
      const tx = { kind, to, amount, fee, nonce, signature };
      assert.deepEqual(userTransactionRecord(tx), Transaction.serialize({ ...tx, from: new Uint8Array(20) }));
    }),
    { numRuns: 300 },
  );
});
