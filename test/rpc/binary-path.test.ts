/** The binary fast path: frames of 146-byte SSZ Transactions, one binary reply frame each. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Transaction, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import {
  BinaryErrorCode,
  decodeBinaryReply,
  encodeErrorReply,
  encodeStatusesReply,
  MALFORMED_RECORD_STATUS,
} from "../../sequencer/rpc/binary-frame.ts";
import type { TestClient } from "./rpc-test-client.ts";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

const MAX_BATCH = 16;
let harness: TestServer;
let client: TestClient;
const received: { digest: string; count: number; connection: number }[] = [];

function record(nonce: number, kind = 0): Uint8Array {
  return Transaction.serialize({
    kind,
    from: new Uint8Array(20).fill(1),
    to: new Uint8Array(20).fill(2),
    amount: 10n ** 18n,
    fee: 21n,
    nonce,
    signature: new Uint8Array(65).fill(nonce & 0xff),
  });
}
const frameOf = (records: Uint8Array[]) => Buffer.concat(records);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

before(async () => {
  harness = await startTestServer(
    {
      methods: {},
      // Reads the records only after awaiting: proves they were copied out of uWS's buffer.
      onBinaryTransactions: async (records, count, context) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        received.push({ digest: sha(records), count, connection: context.connection.id });
        const first = records[0];
        if (first === 0xee) throw new Error("node failure");
        if (first === 0xdd) return new Uint8Array(count + 1);
        const statuses = new Uint8Array(count);
        for (let i = 0; i < count; i++) {
          const kind = records[i * TRANSACTION_SIZE] ?? 0;
          statuses[i] = kind > 3 ? MALFORMED_RECORD_STATUS : kind; // stand-in for the node's verdict
        }
        return statuses;
      },
    },
    { maxBatchLength: MAX_BATCH },
  );
  client = await harness.connect();
});
after(() => harness.stop());

test("default: a frame of N transactions gets N statuses in order, numbered by sequence", async () => {
  const records = [record(0, 0), record(1, 1), record(2, 9), record(3, 0)];
  const frame = frameOf(records);
  client.socket.send(frame);
  const reply = decodeBinaryReply(await client.nextBinary());
  assert.deepEqual(reply, { type: "statuses", sequence: 0, statuses: new Uint8Array([0, 1, MALFORMED_RECORD_STATUS, 0]) });
  assert.deepEqual(received.at(-1)?.digest, sha(frame), "the handler saw the exact bytes after an await");
  assert.equal(received.at(-1)?.count, 4);
  client.socket.send(frameOf([record(7, 1)]));
  assert.deepEqual(decodeBinaryReply(await client.nextBinary()), { type: "statuses", sequence: 1, statuses: new Uint8Array([1]) });
});

test("behavior: frames in flight together all get their reply; exactly maxBatchLength is accepted", async () => {
  const frames = Array.from({ length: 20 }, (_, i) => frameOf(Array.from({ length: (i % MAX_BATCH) + 1 }, (_, j) => record(i * 100 + j, j % 2))));
  const start = (await replySequence()) + 1;
  for (const frame of frames) client.socket.send(frame);
  const replies = new Map<number, Uint8Array>();
  for (let i = 0; i < frames.length; i++) {
    const reply = decodeBinaryReply(await client.nextBinary());
    assert.equal(reply.type, "statuses");
    if (reply.type === "statuses") replies.set(reply.sequence, reply.statuses);
  }
  frames.forEach((frame, i) => {
    const count = frame.length / TRANSACTION_SIZE;
    assert.deepEqual(replies.get(start + i), Uint8Array.from({ length: count }, (_, j) => j % 2));
  });
});

/** The sequence number of the last reply, by sending one more valid frame. */
async function replySequence(): Promise<number> {
  client.socket.send(frameOf([record(1)]));
  return decodeBinaryReply(await client.nextBinary()).sequence;
}

test("error: empty frames, lengths that are not a multiple of 146 and too many records", async () => {
  const cases: [Uint8Array, number, RegExp][] = [
    [new Uint8Array(0), BinaryErrorCode.emptyFrame, /empty binary frame/],
    [new Uint8Array(1), BinaryErrorCode.badLength, /1 bytes is not a whole number of 146-byte transactions/],
    [new Uint8Array(145), BinaryErrorCode.badLength, /145 bytes/],
    [new Uint8Array(147), BinaryErrorCode.badLength, /147 bytes/],
    [new Uint8Array(TRANSACTION_SIZE * 3 - 1), BinaryErrorCode.badLength, /437 bytes/],
    [new Uint8Array(TRANSACTION_SIZE * (MAX_BATCH + 1)), BinaryErrorCode.tooManyRecords, new RegExp(`${MAX_BATCH + 1} transactions, the limit is ${MAX_BATCH}`)],
  ];
  const handled = received.length;
  let sequence = await replySequence();
  for (const [frame, code, message] of cases) {
    client.socket.send(frame);
    const reply = decodeBinaryReply(await client.nextBinary());
    sequence++;
    assert.equal(reply.type, "error");
    if (reply.type !== "error") continue;
    assert.deepEqual([reply.sequence, reply.code], [sequence, code]);
    assert.match(reply.message, message);
  }
  assert.equal(received.length, handled + 1, "only the probe frame reached the handler");
});

test("error: a failing handler or a wrong number of statuses is an internal error reply, logged", async () => {
  harness.logs.length = 0;
  client.socket.send(new Uint8Array(TRANSACTION_SIZE).fill(0xee));
  const failed = decodeBinaryReply(await client.nextBinary());
  assert.equal(failed.type === "error" && failed.code, BinaryErrorCode.internal);
  assert.equal(failed.type === "error" && failed.message, "internal error");
  client.socket.send(new Uint8Array(TRANSACTION_SIZE * 2).fill(0xdd));
  const wrong = decodeBinaryReply(await client.nextBinary());
  assert.equal(wrong.type === "error" && wrong.code, BinaryErrorCode.internal);
  assert.deepEqual(harness.logs.map((entry) => entry.message), ["onBinaryTransactions failed", "onBinaryTransactions must resolve to one status byte per record"]);
  assert.equal(decodeBinaryReply(await (client.socket.send(frameOf([record(1)])), client.nextBinary())).type, "statuses");
});

test("error: a server without a binary handler answers unsupported", async () => {
  const bare = await startTestServer({ methods: {} });
  try {
    const other = await bare.connect();
    other.socket.send(frameOf([record(1)]));
    const reply = decodeBinaryReply(await other.nextBinary());
    assert.deepEqual(reply, { type: "error", sequence: 0, code: BinaryErrorCode.unsupported, message: "this server does not accept binary transactions" });
  } finally {
    await bare.stop();
  }
});

test("default: reply frames round-trip; malformed reply frames are refused", () => {
  const statuses = encodeStatusesReply(0xffffffff, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...statuses.subarray(0, 9)], [1, 0xff, 0xff, 0xff, 0xff, 3, 0, 0, 0]);
  assert.deepEqual(decodeBinaryReply(statuses), { type: "statuses", sequence: 0xffffffff, statuses: new Uint8Array([1, 2, 3]) });
  const error = encodeErrorReply(7, BinaryErrorCode.busy, "limit exceeded: é");
  assert.deepEqual(decodeBinaryReply(error), { type: "error", sequence: 7, code: 4, message: "limit exceeded: é" });
  for (const bad of [new Uint8Array(0), new Uint8Array([1, 0, 0]), new Uint8Array([3, 0, 0, 0, 0, 0]), statuses.subarray(0, 11)]) {
    assert.throws(() => decodeBinaryReply(bad), /reply/);
  }
});
