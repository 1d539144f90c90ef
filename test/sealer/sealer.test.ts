import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { keccak256, hexlify } from "ethers";
import { Tree } from "@chainsafe/persistent-merkle-tree";
import { BatchHeader, ExitList, StateList, Transaction, TxKind, TxList } from "../../sequencer/protocol/ssz-types.ts";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { genesisHeader } from "../../sequencer/sealer/genesis-header.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { genesisRecords } from "../../sequencer/genesis/genesis.ts";
import { addresses, ETH, feeRecipient, genesis, queueMessage, sealerHarness, signed } from "./sealer-fixture.ts";

const FEE = ETH / 1000n;
const genesisContext = {
  accountCount: genesis.length,
  addressAt: (i: number) => genesis[i]!.address,
  nonceAt: () => 0,
  indexOf: (a: Uint8Array) => {
    const i = genesis.findIndex((g) => hexlify(g.address) === hexlify(a));
    return i < 0 ? undefined : i;
  },
};

test("default: a batch of queue messages and transfers is executed, chained, encoded and stored", async () => {
  const h = await sealerHarness();
  try {
    const newcomer = new Uint8Array(20).fill(0x0d);
    const fresh = new Uint8Array(20).fill(0x0e);
    const l1 = new Uint8Array(20).fill(0x01);
    h.queue.messages.push(queueMessage(TxKind.deposit, 0, newcomer, 5n * ETH));
    const a = signed(0, TxKind.transfer, addresses[1]!, 1n * ETH, FEE, 0);
    const b = signed(0, TxKind.transfer, fresh, 2n * ETH, FEE, 1);
    const c = signed(1, TxKind.withdraw, l1, 3n * ETH, FEE, 0);
    for (const tx of [a, b, c]) assert.deepEqual(h.mempool.add(tx), { accepted: true, executable: true });

    const event = await h.sealer.sealOnce();
    assert.ok(event);
    assert.deepEqual([event.number, event.included.length, event.rejected.length, event.queueMessages], [1, 3, 0, 1]);
    assert.equal(h.mempool.size, 0);

    const expectedAccounts = [
      { address: feeRecipient, balance: 3n * FEE, nonce: 0 },
      { address: addresses[0]!, balance: 97n * ETH - 2n * FEE, nonce: 2 },
      { address: addresses[1]!, balance: 98n * ETH - FEE, nonce: 1 },
      { address: addresses[2]!, balance: 100n * ETH, nonce: 0 },
      { address: newcomer, balance: 5n * ETH, nonce: 0 },
      { address: fresh, balance: 2n * ETH, nonce: 0 },
    ];
    const header = BatchHeader.deserialize(new Uint8Array(h.reader.batch(1)!.header));
    assert.deepEqual(header.stateRoot, StateList.hashTreeRoot(expectedAccounts));
    const records = [queueMessage(TxKind.deposit, 0, newcomer, 5n * ETH), a.record, b.record, c.record].map((r) => Transaction.deserialize(r));
    assert.deepEqual(header.txRoot, TxList.hashTreeRoot(records));
    assert.deepEqual(header.exitRoot, ExitList.hashTreeRoot([{ recipient: l1, amount: 3n * ETH }]));
    assert.deepEqual(header.parentRoot, BatchHeader.hashTreeRoot(genesisHeader(h.genesisStateRoot)));
    assert.deepEqual([header.number, header.queueCount, header.timestamp], [1, 1, h.queue.l1Time]);
    assert.equal(hexlify(header.dataHash), keccak256(event.data));
    const decoded = decodeBatchData(event.data, [queueMessage(TxKind.deposit, 0, newcomer, 5n * ETH)], genesisContext);
    assert.deepEqual(decoded.users, new Uint8Array(Buffer.concat([a.record, b.record, c.record])));
    assert.equal(decoded.entries.length, 32, "four positions: one chunk");
    const txSubtree = new Tree(TxList.toView(records).node).getNodeAtDepth(1 + 16 - 5, 0).root;
    assert.deepEqual(decoded.entries, new Uint8Array(createHash("sha256").update(header.stateRoot).update(txSubtree).digest()), "entry_0 = sha256(stateRoot ‖ txSubtree_0)");

    assert.equal(h.reader.latestSealed(), 1);
    assert.deepEqual([h.reader.transaction(b.hash)?.batch, h.reader.transaction(b.hash)?.index], [1, 2]);
    assert.equal(h.reader.accountIndex(fresh), 5);
    assert.equal(h.reader.allAccounts().length, 6 * 44);
    assert.equal(h.reader.withdrawalsTo(l1, 5).length, 1);
    assert.equal(await h.sealer.sealOnce(), undefined, "nothing waits: no empty batch");
  } finally {
    await h.close();
  }
});

test("behavior: a transaction a queue message made invalid is rejected and leaves no trace", async () => {
  const h = await sealerHarness();
  try {
    h.queue.messages.push(queueMessage(TxKind.fullExit, 0, addresses[2]!, 0n));
    const drained = signed(2, TxKind.transfer, addresses[0]!, 1n * ETH, FEE, 0);
    const fine = signed(1, TxKind.transfer, addresses[0]!, 2n * ETH, FEE, 0); // same fields would give the same hash (docs/protocol.md)
    assert.deepEqual(h.mempool.add(drained), { accepted: true, executable: true });
    assert.deepEqual(h.mempool.add(fine), { accepted: true, executable: true });
    const event = (await h.sealer.sealOnce())!;
    assert.deepEqual(event.rejected.map((r) => [hexlify(r.tx.hash), r.reason]), [[hexlify(drained.hash), "insufficient funds"]]);
    assert.deepEqual(event.included.map((t) => hexlify(t.hash)), [hexlify(fine.hash)]);
    assert.equal(h.reader.transaction(drained.hash), undefined);
    assert.equal(h.mempool.size, 0);
    const exits = h.reader.withdrawalsTo(addresses[2]!, 5);
    assert.equal(exits.length, 1, "the full exit withdrew the whole balance");
  } finally {
    await h.close();
  }
});

test("behavior: --max-batch-bytes caps a batch before execution; the rest waits for the next, chained", async () => {
  const h = await sealerHarness({ batchMaxTxs: 100, maxBatchBytes: 400 });
  try {
    const txs = Array.from({ length: 8 }, (_, n) => signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, n));
    for (const tx of txs) h.mempool.add(tx);
    const sizes: number[] = [];
    let event;
    assert.equal(h.sealer.fullBatchTransactions, 100, "--batch-max-txs until a batch is cut by bytes");
    while ((event = await h.sealer.sealOnce())) {
      assert.ok(event.data.length <= 400, `batch ${event.number} data is ${event.data.length} bytes`);
      sizes.push(event.included.length);
    }
    assert.equal(sizes.reduce((x, y) => x + y, 0), 8);
    assert.ok(sizes.length > 1, "the cap split the load across batches");
    assert.equal(h.sealer.fullBatchTransactions, sizes[0], "a full batch is what fitted the bytes");
    const second = BatchHeader.deserialize(new Uint8Array(h.reader.batch(2)!.header));
    assert.deepEqual(second.parentRoot, new Uint8Array(h.reader.batch(1)!.root));
    const nonces = txs.map((t) => h.reader.transaction(t.hash)!).map((s) => Transaction.deserialize(s.record).nonce);
    assert.deepEqual(nonces, [0, 1, 2, 3, 4, 5, 6, 7]);
  } finally {
    await h.close();
  }
});

test("behavior: the next batch executes while the previous one is written; both land in order, chained", async () => {
  const h = await sealerHarness({ batchMaxTxs: 2, maxBatchBytes: 120_000 }, { batchWriterThread: true });
  try {
    const txs = [0, 1, 2, 3].map((nonce) => signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, nonce));
    for (const tx of txs) assert.equal(h.mempool.add(tx).accepted, true);
    const first = h.sealer.sealNext()!;
    const second = h.sealer.sealNext()!;
    assert.deepEqual([first.number, second.number], [1, 2]);
    assert.equal(h.sealer.latest.number, 0, "nothing is durable yet");
    assert.ok(h.sealer.beingSealed(txs[0]!.hash) && h.sealer.beingSealed(txs[3]!.hash), "both batches' transactions are being sealed");
    const [a, b] = await Promise.all([first.written, second.written]);
    assert.deepEqual([a.number, b.number, a.included.length, b.included.length], [1, 2, 2, 2]);
    assert.equal(h.sealer.latest.number, 2);
    assert.equal(h.sealer.beingSealed(txs[3]!.hash), undefined);
    const header2 = BatchHeader.deserialize(new Uint8Array(h.reader.batch(2)!.header));
    assert.deepEqual(header2.parentRoot, new Uint8Array(h.reader.batch(1)!.root));
    assert.deepEqual([h.reader.transaction(txs[2]!.hash)?.batch, h.reader.transaction(txs[2]!.hash)?.index], [2, 0]);
  } finally {
    await h.close();
  }
});

test("error: after a batch fails to be written, it and every later batch are refused, never announced", async () => {
  const h = await sealerHarness({ batchMaxTxs: 1, maxBatchBytes: 120_000 }, { batchWriterThread: true });
  try {
    for (const nonce of [0, 1, 2]) h.mempool.add(signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, nonce));
    await h.store.batchWriter!.close(); // storage goes away under the sealer
    const first = h.sealer.sealNext()!;
    await assert.rejects(first.written, /batch 1 was executed but could not be written: the batch writer is closed/);
    assert.throws(() => h.sealer.sealNext(), /batch 1 was executed but could not be written/);
    assert.equal(h.sealer.latest.number, 0);
  } finally {
    await h.close();
  }
});

test("default: an L1 message's stored hash is the SSZ root of its Transaction (spec §1)", async () => {
  const h = await sealerHarness();
  try {
    const record = queueMessage(TxKind.deposit, 0, new Uint8Array(20).fill(0x0d), ETH);
    h.queue.messages.push(record);
    assert.ok(await h.sealer.sealOnce());
    const [stored] = h.reader.batchTransactions(1, 0, 1);
    assert.deepEqual(new Uint8Array(stored!.hash), Transaction.hashTreeRoot(Transaction.deserialize(record)));
  } finally {
    await h.close();
  }
});

test("default: a batch of many chunks posts one entry per 32 positions, and re-executing its decoded data gives them back", async () => {
  const h = await sealerHarness();
  try {
    const exits = queueMessage(TxKind.fullExit, 0, addresses[2]!, 0n); // a whole balance, posted in the data
    const deposit = queueMessage(TxKind.deposit, 1, new Uint8Array(20).fill(0x0d), ETH);
    h.queue.messages.push(exits, deposit);
    const txs = Array.from({ length: 68 }, (_, i) => signed(i % 2, TxKind.transfer, i % 5 === 0 ? new Uint8Array(20).fill(0x40 + i) : addresses[(i + 1) % 2]!, ETH / 100n, FEE, Math.floor(i / 2)));
    for (const tx of txs) assert.equal(h.mempool.add(tx).accepted, true);
    const event = (await h.sealer.sealOnce())!;
    assert.deepEqual([event.included.length, event.queueMessages], [68, 2]);
    const decoded = decodeBatchData(event.data, [exits, deposit], genesisContext);
    assert.equal(decoded.entries.length, 3 * 32, "70 positions: 3 chunks");
    assert.deepEqual(decoded.queue.subarray(41, 57), Transaction.serialize({ ...Transaction.deserialize(exits), amount: 100n * ETH }).subarray(41, 57), "the full exit's withdrawn amount is posted");

    const replay = await loadCore();
    replay.state.load(genesisRecords(genesis));
    const result = replay.executor.execute(Buffer.concat([decoded.queue, decoded.users]), 0);
    assert.equal(result.includedCount, 70);
    assert.deepEqual(result.chunkEntries, decoded.entries);
    const header = BatchHeader.deserialize(new Uint8Array(h.reader.batch(1)!.header));
    assert.deepEqual(result.stateRoot, header.stateRoot);
    assert.deepEqual(result.chunkStateRoots.subarray(64), header.stateRoot);
  } finally {
    await h.close();
  }
});

test("behavior: when every candidate is rejected and no queue message waits, no batch is sealed and the rejections come with the next batch", async () => {
  const h = await sealerHarness();
  try {
    const doomed = signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, 0);
    assert.equal(h.mempool.add(doomed).accepted, true);
    // the sender's balance falls under the mempool's feet (a batch of no positions cannot be posted)
    const drained = new Uint8Array(48);
    new DataView(drained.buffer).setUint32(0, 1, true);
    drained.set(addresses[0]!, 4);
    h.core.state.write(drained);
    assert.equal(await h.sealer.sealOnce(), undefined);
    assert.equal(h.reader.latestSealed(), undefined, "nothing was written");
    const fine = signed(1, TxKind.transfer, addresses[0]!, ETH, FEE, 0);
    assert.equal(h.mempool.add(fine).accepted, true);
    const event = (await h.sealer.sealOnce())!;
    assert.equal(event.number, 1);
    assert.deepEqual(event.included.map((t) => hexlify(t.hash)), [hexlify(fine.hash)]);
    assert.deepEqual(event.rejected.map((r) => [hexlify(r.tx.hash), r.reason]), [[hexlify(doomed.hash), "insufficient funds"]]);
  } finally {
    await h.close();
  }
});

test("behavior: a batch processes at most 256 L1 queue messages (the Rollup refuses more); the rest go in the next", async () => {
  const h = await sealerHarness({ batchMaxTxs: 1_000, maxBatchBytes: 120_000 });
  try {
    for (let i = 0; i < 300; i++) h.queue.messages.push(queueMessage(TxKind.deposit, i, new Uint8Array(20).fill(0x0d), 1n));
    const first = await h.sealer.sealOnce();
    assert.equal(first?.queueMessages, 256);
    const second = await h.sealer.sealOnce();
    assert.equal(second?.queueMessages, 44);
    assert.equal(h.sealer.latest.queueCount, 300);
  } finally {
    await h.close();
  }
});
