/**
 * proveSignature (docs/fraud-proofs.md §4, kind 9): a record whose signature is bad, high-s, by
 * someone else or for another nonce than the implied one is proven wrong; the same proof of the
 * honest record reverts NoFraud. Senders resolve from the pre-state or from accounts created
 * earlier in the chunk.
 */
import { describe, it } from "node:test";
import { domainSeparator, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { SECP256K1_N } from "../../sequencer/protocol/signature.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import type { ChunkEntry, RecordEntry } from "./chunk-encoder.ts";
import { actor, withExecutedChunk, type Actor } from "./batch-fixture.ts";
import { attack } from "./forge.ts";
import { CHAIN_ID, mixedBatch } from "./scenario.ts";

const BAD = 9;

function bigEndian(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}

/** The mixed batch and a forgery whose record at chunk 0 position `p` gets `signature(record, address)`. */
function resigning(p: number, signature: (rec: RecordEntry, verifyingContract: string) => Uint8Array) {
  return (address: string) => {
    const honest = mixedBatch(address, 40);
    const entries = honest.entries[0]!.map((e, i): ChunkEntry => {
      if (i !== p) return e;
      const rec = (e as { record: RecordEntry }).record;
      return { record: { ...rec, signature: signature(rec, address) } };
    });
    return { honest, forged: withExecutedChunk(honest, 0, entries) };
  };
}

/** A signature by `signer` over the record's fields with `nonce`, `to` the recipient's address. */
const signedAs = (signer: Actor, to: Uint8Array, nonce: number) => (rec: RecordEntry, verifyingContract: string) => {
  const separator = domainSeparator(loftDomain(CHAIN_ID, verifyingContract));
  const kind = rec.withdraw ? TxKind.withdraw : TxKind.transfer;
  return signDigest(transactionDigest(separator, { kind, to, amount: rec.amount, fee: rec.fee, nonce }), signer.key);
};

describe("proveSignature convicts badly signed records and only them", () => {
  it("high s (n − s, the same signature's malleated twin)", async () => {
    await attack("proveSignature", resigning(4, (rec) => {
      const s = BigInt("0x" + Buffer.from(rec.signature.subarray(32, 64)).toString("hex"));
      const out = Uint8Array.from(rec.signature);
      out.set(bigEndian(SECP256K1_N - s), 32);
      out[64] = out[64] === 27 ? 28 : 27;
      return out;
    }), 0, { kind: BAD, position: 4 }, 4);
  });

  it("r = 0", async () => {
    await attack("proveSignature", resigning(4, (rec) => Uint8Array.from([...new Uint8Array(32), ...rec.signature.subarray(32)])), 0, { kind: BAD, position: 4 }, 4);
  });

  it("signed by another key than the sender's", async () => {
    await attack("proveSignature", resigning(4, signedAs(actor(5), actor(3).address, 0)), 0, { kind: BAD, position: 4 }, 4);
  });

  it("signed for the sender's pre-chunk nonce where its earlier record in the chunk implies nonce + 1", async () => {
    await attack("proveSignature", resigning(9, signedAs(actor(1), actor(1).address, 0)), 0, { kind: BAD, position: 9 }, 9);
  });

  it("a sender created earlier in the chunk (by a deposit with ref 0), signed for nonce 1", async () => {
    await attack("proveSignature", resigning(6, signedAs(actor(20), actor(1).address, 1)), 0, { kind: BAD, position: 6 }, 6);
  });

  it("a withdrawal signed as a transfer", async () => {
    await attack("proveSignature", resigning(7, (rec, address) => signedAs(actor(4), actor(30).address, 0)({ ...rec, withdraw: false }, address)), 0, { kind: BAD, position: 7 }, 7);
  });
});
