/** Commits a batch the sequencer never sealed, straight to the Rollup with the sequencer's key: what a faulty or malicious operator could post. */
import { JsonRpcProvider, Wallet, hexlify, keccak256, getBytes } from "ethers";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { commitCalldata, commitGasLimit } from "../../sequencer/l1/commit-transaction.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";

export interface Forgery {
  /** User transactions (146-byte records) to put in the data; their effect is executed so that all roots agree with them. */
  transactions?: Uint8Array;
  /** Replaces the honest-looking stateRoot (the current one). */
  stateRoot?: Uint8Array;
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
    for (const forgery of forgeries) {
      const transactions = forgery.transactions ?? new Uint8Array(0);
      const base = core.state.count;
      const executed = core.executor.execute(transactions, parent.queueCount);
      // v2 data is encoded after execution (it posts the chunk entries): what the executor included
      const context = { accountCount: base, indexOf: (a: Uint8Array) => (core.state.indexOf(a) < 0 ? undefined : core.state.indexOf(a)) };
      const data = encodeBatchData({ included: executed.included, queueMessages: 0, chunkEntries: executed.chunkEntries }, context);
      const header = {
        ...parent,
        number: parent.number + 1,
        parentRoot,
        stateRoot: forgery.stateRoot ?? executed.stateRoot,
        txRoot: executed.txRoot,
        exitRoot: executed.exitRoot,
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
