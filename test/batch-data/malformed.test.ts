/** Every malformation of batch data v2 the decoder can see is refused precisely: kind, chunk, position, byte and reason. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { BatchDataError, type BatchDataErrorKind } from "../../sequencer/batch-data/batch-data-error.ts";
import { writeSegments } from "../../sequencer/batch-data/segments.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { contexts, queueMessage } from "./batch-fixture.ts";

const A = new Uint8Array(20).fill(0xa1);
const B = new Uint8Array(20).fill(0xb2);
const C = new Uint8Array(20).fill(0xc3);
const { decode } = contexts({ addresses: [A, B], nonces: [0, 5] });
const SIG = Array(64).fill(9);
/** A transfer of 1 wei, no fee, `from` and `to` as given (bytes of their encodings). */
const transfer = (from: number[], to: number[], tag = 0) => [tag, ...from, ...to, 0, 1, 0, 0, ...SIG];
const frame = (userCount: number, ...chunks: number[][]) => writeSegments(userCount, chunks.map((c) => ({ entry: new Uint8Array(32), chunk: Uint8Array.from(c) })));
/** Offset of the first chunk byte of segment 0 when U fits one varint byte. */
const CHUNK0 = 2 + 34;

interface Expected {
  reason: RegExp;
  kind?: BatchDataErrorKind;
  chunk?: number;
  position?: number;
  offset?: number;
}

function refused(data: Uint8Array, messages: Uint8Array[], expected: Expected): void {
  assert.throws(
    () => decodeBatchData(data, messages, decode),
    (e: unknown) => {
      assert.ok(e instanceof BatchDataError, String(e));
      assert.match(e.message, expected.reason);
      assert.equal(e.kind, expected.kind ?? "Undecodable", e.message);
      assert.equal(e.chunk, expected.chunk, e.message);
      assert.equal(e.position, expected.position, e.message);
      if (expected.offset !== undefined) assert.equal(e.offset, expected.offset, e.message);
      return true;
    },
  );
}

test("error: framing faults are refused before any chunk is read", () => {
  refused(new Uint8Array(0), [], { reason: /empty data/, offset: 0 });
  refused(Uint8Array.of(1, 0x1b, 0x00), [], { reason: /^undecodable batch data at byte 0: batch data version 1 \(v1 brotli\) is not readable by a v2 node$/ });
  refused(Uint8Array.of(3, 0), [], { reason: /unknown batch data version 3/ });
  refused(Uint8Array.of(2, 0x80, 0x00), [], { reason: /non-canonical varint in user transaction count/, offset: 1 });
  refused(Uint8Array.of(2, 0xff, 0xff, 0xff, 0xff, 0x7f), [], { reason: /user transaction count 34359738367 is above its limit 4294967295/ });
  refused(Uint8Array.of(2, 0), [], { reason: /0 queue messages and 0 user transactions make 0 positions; a batch has 1 to 65536/ });
  refused(Uint8Array.of(2, 0x81, 0x80, 0x04), [], { reason: /make 65537 positions/ });
  refused(Uint8Array.of(2, 1), [], { reason: /data ends inside the head of segment 0 of 1/, offset: 2 });
  refused(Uint8Array.of(2, 33, ...new Uint8Array(32), 0, 0), [], { reason: /data ends inside the head of segment 1 of 2/, offset: 36 });
  refused(Uint8Array.of(2, 1, ...new Uint8Array(32), 0, 10, 1, 2, 3), [], { reason: /segment 0 of 1 says 10 chunk bytes, 3 are left/, offset: 2 });
  refused(Uint8Array.of(...frame(1, transfer([1], [0])), 0), [], { reason: /1 bytes after the last of 1 segments/ });
});

test("error: malformed records are Undecodable at their chunk and position", () => {
  const at = { chunk: 0, position: 0, offset: CHUNK0 };
  refused(frame(1, transfer([1], [0], 0x08)), [], { reason: /tag 8 sets reserved bits/, ...at });
  refused(frame(1, transfer([1], [0], 0x01)), [], { reason: /a withdrawal's recipient is always 20 raw bytes: tag bit 2 must be set/, ...at });
  refused(frame(1, transfer([0x81, 0x00], [0])), [], { reason: /non-canonical varint in sender index/, chunk: 0, position: 0, offset: CHUNK0 + 1 });
  refused(frame(1, transfer([0x80, 0x80, 0x80, 0x80, 0x10], [0])), [], { reason: /sender index 4294967296 is above its limit/, chunk: 0, position: 0 });
  refused(frame(1, [0, 1, 0, 39, 1, 0, 0, ...SIG]), [], { reason: /amount exponent 39 is above 38/, chunk: 0, position: 0, offset: CHUNK0 + 3 });
  refused(frame(1, [0, 1, 0, 1, 10, 0, 0, ...SIG]), [], { reason: /amount is not in canonical m·10\^e form/, chunk: 0, position: 0 });
  refused(frame(1, [0, 1, 0, 0, 0, 1, 0, ...SIG]), [], { reason: /fee is not in canonical m·10\^e form/, chunk: 0, position: 0 });
  const tooLarge = { reason: /amount does not fit uint128/, chunk: 0, position: 0, offset: CHUNK0 + 3 };
  refused(frame(1, [0, 1, 0, 38, 35, 0, 0, ...SIG]), [], tooLarge); // 35·10^38: a one-byte mantissa
  refused(frame(1, [0, 1, 0, 38, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, ...SIG]), [], tooLarge); // (2^56 + 1)·10^38: nine bytes
  refused(frame(1, transfer([1], [0]).slice(0, 40)), [], { reason: /data ends inside signature \(64 bytes needed, 33 left\)/, chunk: 0, position: 0 });
  refused(frame(2, transfer([1], [0])), [], { reason: /data ends before tag/, chunk: 0, position: 1 });
  refused(frame(2, [...transfer([1], [0]), ...transfer([1], [0]), 0xff]), [], { reason: /1 bytes after the last position of chunk 0/, chunk: 0, position: 1 });
});

test("error: an index that does not exist at that point is UnknownAccount, a raw address that has an account DuplicateAccount", () => {
  refused(frame(1, transfer([2], [0])), [], { reason: /sender index 2 is no account at this point \(2 exist\)/, kind: "UnknownAccount", chunk: 0, position: 0, offset: CHUNK0 + 1 });
  refused(frame(1, transfer([1], [5])), [], { reason: /recipient index 5 is no account at this point/, kind: "UnknownAccount", chunk: 0, position: 0, offset: CHUNK0 + 2 });
  refused(frame(1, transfer([1], [...B], 0x04)), [], { reason: /recipient 0xb2b2.* is written raw, but it is account 1/, kind: "DuplicateAccount", chunk: 0, position: 0 });
  // C is created by the first record: the second may name it as index 2, but not raw again
  const created = [...transfer([1], [...C], 0x04), ...transfer([0], [2])];
  assert.equal(decodeBatchData(frame(2, created), [], decode).userCount, 2);
  refused(frame(2, [...transfer([1], [...C], 0x04), ...transfer([0], [...C], 0x04)]), [], { reason: /it is account 2/, kind: "DuplicateAccount", chunk: 0, position: 1 });
  // a withdrawal's raw recipient is an L1 address: an account's address is fine there
  assert.equal(decodeBatchData(frame(1, transfer([1], [...B], 0x05)), [], decode).userCount, 1);
});

test("error: a queue entry that does not match its L1 message is QueueMismatch", () => {
  const depositToB = queueMessage(TxKind.deposit, B, 5n, 0);
  const exitOfA = queueMessage(TxKind.fullExit, A, 0n, 0);
  const at = { chunk: 0, position: 0, offset: CHUNK0 };
  refused(frame(0, [0]), [depositToB], { reason: /ref 0 says 0xb2b2.* has no account, but it is account 1/, kind: "QueueMismatch", ...at });
  refused(frame(0, [1]), [depositToB], { reason: /ref 1 names account 0, whose address is not the message's 0xb2b2/, kind: "QueueMismatch", ...at });
  refused(frame(0, [3]), [depositToB], { reason: /deposit ref's index 2 is no account at this point/, kind: "UnknownAccount", ...at });
  refused(frame(0, [0]), [exitOfA], { reason: /ref 0 says 0xa1a1.* has no account, but it is account 0/, kind: "QueueMismatch", ...at });
  refused(frame(0, [2, 0, 5]), [exitOfA], { reason: /ref 2 names account 1/, kind: "QueueMismatch", ...at });
  refused(frame(0, [1, 0, 50]), [exitOfA], { reason: /full exit amount is not in canonical/, ...at, offset: CHUNK0 + 1 });
  refused(frame(0, [1, 0, 5, 0]), [exitOfA], { reason: /1 bytes after the last position of chunk 0/, chunk: 0, position: 0 });
  const decoded = decodeBatchData(frame(0, [1, 0, 5]), [exitOfA], decode);
  assert.deepEqual(decoded.queue, queueMessage(TxKind.fullExit, A, 5n, 0), "the posted amount is filled in");
});

test("error: faults in a later chunk name it and the batch position (queue messages first)", () => {
  const records = Array.from({ length: 31 }, () => transfer([1], [0])).flat();
  const deposit = queueMessage(TxKind.deposit, C, 1n, 0);
  refused(frame(32, [0, ...records], transfer([1], [0], 0x10)), [deposit], { reason: /tag 16 sets reserved bits/, chunk: 1, position: 32 });
  refused(frame(32, [0, ...records], transfer([3], [0])), [deposit], { reason: /sender index 3 is no account at this point \(3 exist\)/, kind: "UnknownAccount", chunk: 1, position: 32 });
  const ok = decodeBatchData(frame(32, [0, ...records], transfer([2], [0])), [deposit], decode);
  assert.equal(ok.entries.length, 64);
});
