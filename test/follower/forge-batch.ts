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
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const latest = reader.latestSealed()!;
    const parent = BatchHeader.deserialize(new Uint8Array(reader.batch(latest)!.header));
    const base = reader.accountCount();
    const transactions = forgery.transactions ?? new Uint8Array(0);
    const data = encodeBatchData(transactions, { baseAccountCount: base, indexOf: (a) => reader.accountIndex(a) });
    const core = await loadCore();
    core.state.load(reader.allAccounts());
    const executed = core.executor.execute(transactions, parent.queueCount);
    const header = {
      ...parent,
      number: latest + 1,
      parentRoot: new Uint8Array(reader.batch(latest)!.root),
      stateRoot: forgery.stateRoot ?? executed.stateRoot,
      txRoot: executed.txRoot,
      exitRoot: executed.exitRoot,
      dataHash: getBytes(keccak256(data)),
    };
    const wallet = new Wallet(hexlify(sequencerKey), provider);
    const calldata = commitCalldata(header, data);
    const receipt = await (await wallet.sendTransaction({ to: rollup, data: calldata, gasLimit: commitGasLimit(calldata) })).wait();
    if (receipt?.status !== 1) throw new Error("the forged commit reverted");
    return header.number;
  } finally {
    provider.destroy();
  }
}
