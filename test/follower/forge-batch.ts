/**
 * Commits a batch the sequencer never sealed, straight to the Rollup with the sequencer's key: what a
 * faulty or malicious operator could post. The batch is executed honestly (v2 data, docs/fraud-proofs.md
 * §2, with the chunk entries of that execution), then forged: header roots replaced, the next L1 queue
 * messages processed, or the posted chunks rewritten (entry and bytes, e.g. a full exit posted as a
 * no-op or a record the executor would refuse).
 */
import { Contract, JsonRpcProvider, Wallet, hexlify, keccak256, getBytes } from "ethers";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { readSegments, writeSegments } from "../../sequencer/batch-data/segments.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { commitCalldata, commitGasLimit } from "../../sequencer/l1/commit-transaction.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";

export interface Forgery {
  /** User transactions (146-byte records) to put in the data; their effect is executed so that all roots agree with them. */
  transactions?: Uint8Array;
  /** Replaces the honest-looking stateRoot (the current one). */
  stateRoot?: Uint8Array;
  txRoot?: Uint8Array;
  exitRoot?: Uint8Array;
  /** The next L1 queue messages (after the parent's queueCount) the batch processes, executed first. */
  queueMessages?: number;
  /** Rewrites the posted segments after encoding (the header's dataHash follows); `indexOf` is the pre-batch state's. */
  editSegments?(segments: { entry: Uint8Array; chunk: Uint8Array }[], indexOf: (address: Uint8Array) => number): { entry: Uint8Array; chunk: Uint8Array }[];
}

/** Queue message `index` as the node executes it (a kind 2 / kind 3 record whose nonce is the queue index), from the Rollup's queue(i). */
async function queueRecord(rollup: Contract, index: number): Promise<Uint8Array> {
  const m = await rollup.getFunction("queue")(index);
  const deposit = BigInt(m.amount) > 0n;
  return Transaction.serialize({
    kind: deposit ? TxKind.deposit : TxKind.fullExit, from: new Uint8Array(20), to: getBytes(deposit ? m.to : m.sender),
    amount: BigInt(m.amount), fee: 0n, nonce: index, signature: new Uint8Array(65),
  });
}

export async function commitForgedBatch(rpcUrl: string, rollup: string, sequencerKey: Uint8Array, reader: StoreReader, forgery: Forgery): Promise<number> {
  return (await commitForgedBatches(rpcUrl, rollup, sequencerKey, reader, [forgery]))[0]!;
}

/** Commits a chain of forged batches, each on top of the one before (the first on the reader's latest batch); returns their numbers. */
export async function commitForgedBatches(rpcUrl: string, rollup: string, sequencerKey: Uint8Array, reader: StoreReader, forgeries: Forgery[]): Promise<number[]> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const latest = reader.latestSealed()!;
    let parent = BatchHeader.deserialize(new Uint8Array(reader.batch(latest)!.header));
    let parentRoot: Uint8Array = new Uint8Array(reader.batch(latest)!.root);
    const core = await loadCore();
    core.state.load(reader.allAccounts());
    const wallet = new Wallet(hexlify(sequencerKey), provider);
    const numbers: number[] = [];
    const contract = new Contract(rollup, rollupInterface(), provider);
    for (const forgery of forgeries) {
      const queued = forgery.queueMessages ?? 0;
      const records = await Promise.all(Array.from({ length: queued }, (_, i) => queueRecord(contract, parent.queueCount + i)));
      const transactions = Uint8Array.from([...records.flatMap((r) => [...r]), ...(forgery.transactions ?? new Uint8Array(0))]);
      const base = core.state.count;
      const indexBefore = (a: Uint8Array) => (core.state.indexOf(a) < base ? core.state.indexOf(a) : -1); // indices never move: valid after execution too
      const executed = core.executor.execute(transactions, parent.queueCount);
      if (executed.includedCount !== transactions.length / 146) throw new Error(`the forger's executor refused ${transactions.length / 146 - executed.includedCount} position(s): forge invalid ones with editSegments`);
      // v2 data is encoded after execution (it posts the chunk entries): what the executor included
      const context = { accountCount: base, indexOf: (a: Uint8Array) => (core.state.indexOf(a) < 0 || core.state.indexOf(a) >= base ? undefined : core.state.indexOf(a)) };
      let data = encodeBatchData({ included: executed.included, queueMessages: queued, chunkEntries: executed.chunkEntries }, context);
      if (forgery.editSegments) {
        const framing = readSegments(data, queued);
        data = writeSegments(framing.userCount, forgery.editSegments(framing.segments.map((x) => ({ entry: x.entry.slice(), chunk: x.chunk.slice() })), indexBefore));
      }
      const header = {
        ...parent,
        number: parent.number + 1,
        parentRoot,
        stateRoot: forgery.stateRoot ?? executed.stateRoot,
        txRoot: forgery.txRoot ?? executed.txRoot,
        exitRoot: forgery.exitRoot ?? executed.exitRoot,
        queueCount: parent.queueCount + queued,
        dataHash: getBytes(keccak256(data)),
      };
      const calldata = commitCalldata([{ header, data }]); // a commit of its own
      const receipt = await (await wallet.sendTransaction({ to: rollup, data: calldata, gasLimit: commitGasLimit(calldata, 1) })).wait();
      if (receipt?.status !== 1) throw new Error("the forged commit reverted");
      numbers.push(header.number);
      parent = header;
      parentRoot = BatchHeader.hashTreeRoot(header);
    }
    return numbers;
  } finally {
    provider.destroy();
  }
}
