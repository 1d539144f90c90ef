/**
 * What the sealer posts, a follower verifies (sequencer/follower/batch-verifier.ts): an honest
 * batch decodes and re-executes to every posted entry and root; a wrong entry, a wrong full-exit
 * amount, a dangling index or a wrong signer is a Mismatch naming the fraud-proof kind, chunk and
 * position a challenger needs (docs/fraud-proofs.md §4).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { keccak256, getBytes } from "ethers";
import { loadCore } from "../../sequencer/core/index.ts";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { readSegments, writeSegments } from "../../sequencer/batch-data/segments.ts";
import { decodeCommitted, executeDecoded, signatureMismatch, type Mismatch } from "../../sequencer/follower/batch-verifier.ts";
import type { CommittedBatch } from "../../sequencer/follower/l1-batch-reader.ts";
import { genesisRecords } from "../../sequencer/genesis/genesis.ts";
import { BatchHeader, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { genesisHeader } from "../../sequencer/sealer/genesis-header.ts";
import { tipOf } from "../../sequencer/sealer/batch-tip.ts";
import { addresses, ETH, genesis, queueMessage, sealerHarness, separator, signed } from "./sealer-fixture.ts";

const FEE = ETH / 1000n;

/** Seals one batch of a full exit, a deposit and 40 transfers (2 chunks); returns its header, data and L1 queue messages. */
async function sealedBatch() {
  const h = await sealerHarness();
  try {
    const messages = [queueMessage(TxKind.fullExit, 0, addresses[2]!, 0n), queueMessage(TxKind.deposit, 1, new Uint8Array(20).fill(0x0d), ETH)];
    h.queue.messages.push(...messages);
    for (let i = 0; i < 40; i++) h.mempool.add(signed(i % 2, TxKind.transfer, i % 4 === 0 ? new Uint8Array(20).fill(0x50 + i) : addresses[(i + 1) % 2]!, ETH / 10n, FEE, i >> 1));
    const event = (await h.sealer.sealOnce())!;
    return { header: BatchHeader.deserialize(new Uint8Array(h.reader.batch(1)!.header)), data: event.data, messages, genesisStateRoot: h.genesisStateRoot };
  } finally {
    await h.close();
  }
}

const posted = await sealedBatch();
const tip = tipOf(genesisHeader(posted.genesisStateRoot));

/** The batch as a follower reads it, with `data` in place of the posted data (header re-hashed to it). */
function committed(data: Uint8Array): CommittedBatch {
  const header = { ...posted.header, dataHash: getBytes(keccak256(data)) };
  return { number: 1, root: BatchHeader.hashTreeRoot(header), header, data } as CommittedBatch; // the L1 fields are not the verifier's
}

async function verify(data: Uint8Array): Promise<Mismatch | undefined> {
  const core = await loadCore();
  core.state.load(genesisRecords(genesis));
  const deps = { core, separator };
  const batch = committed(data);
  const decoded = decodeCommitted(deps, tip, batch, posted.messages);
  if (!decoded.ok) return decoded.mismatch;
  const verdict = executeDecoded(deps, tip, batch, decoded);
  return verdict.ok ? undefined : verdict.mismatch;
}

const pick = (m: Mismatch | undefined) => m && { field: m.field, kind: m.kind, chunk: m.chunk, position: m.position };

test("default: the sealed batch decodes and re-executes to every posted entry and root", async () => {
  assert.equal(await verify(posted.data), undefined);
});

test("error: a wrong entry is a chunk Mismatch at that chunk (StateRoot)", async () => {
  const data = Uint8Array.from(posted.data);
  const { segments } = readSegments(data, 2);
  const entry1 = segments[1]!.offset - 34;
  data[entry1] = data[entry1]! ^ 1;
  const mismatch = await verify(data);
  assert.deepEqual(pick(mismatch), { field: "chunk", kind: "StateRoot", chunk: 1, position: 41 });
  assert.match(mismatch!.detail, /^chunk 1: re-execution gives entry 0x/);
});

test("error: a full exit that posts another amount than the balance it withdrew is QueueMismatch", async () => {
  const core = await loadCore();
  core.state.load(genesisRecords(genesis));
  const context = { accountCount: genesis.length, indexOf: (a: Uint8Array) => (core.state.indexOf(a) < 0 ? undefined : core.state.indexOf(a)), addressAt: (i: number) => core.state.account(i).subarray(0, 20), nonceAt: () => 0 };
  const decoded = decodeBatchData(posted.data, posted.messages, context);
  decoded.queue[41] = decoded.queue[41]! ^ 1; // the full exit's amount, lowest byte
  const forged = encodeBatchData({ included: Uint8Array.from([...decoded.queue, ...decoded.users]), queueMessages: 2, chunkEntries: decoded.entries }, context);
  assert.deepEqual(pick(await verify(forged)), { field: "transaction", kind: "QueueMismatch", chunk: 0, position: 0 });
});

test("error: an index that does not exist at that point is a data Mismatch with the decoder's kind and position", async () => {
  const { userCount, segments } = readSegments(posted.data, 2);
  const chunk1 = Uint8Array.from(segments[1]!.chunk);
  chunk1[1] = 0x7f; // the sender index of position 32: account 127 does not exist
  const forged = writeSegments(userCount, [segments[0]!, { entry: segments[1]!.entry, chunk: chunk1 }]);
  const mismatch = await verify(forged);
  assert.deepEqual(pick(mismatch), { field: "data", kind: "UnknownAccount", chunk: 1, position: 32 });
});

test("error: a signature that is not the sender's names its batch position (queue messages first)", () => {
  const users = new Uint8Array(3 * 146);
  const recovered = { statuses: new Uint8Array(3), senders: new Uint8Array(60).fill(1) };
  users.fill(1, 1, 21);
  users.fill(1, 147, 167);
  assert.deepEqual(pick(signatureMismatch(1, users, recovered, 40)), { field: "signature", kind: "BadSignature", chunk: 1, position: 42 });
});
