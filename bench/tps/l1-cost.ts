/**
 * L1 cost of the batches a run produced: the commitBatches transactions that carry them on the
 * devnet L1 (each batch's l1TxHash from loft_getBatch; several batches share one commit), their
 * calldata bytes, the `data` arguments' bytes and their gasUsed, each commit counted once, summed
 * and divided by the batches' transaction counts.
 */
import { JsonRpcProvider } from "ethers";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import type { NodeRpc } from "./node-rpc.ts";

export interface L1Cost {
  batches: number;
  batchesPosted: number;
  txs: number;
  calldataBytesPerTx: number;
  dataBytesPerTx: number;
  gasPerTx: number;
  gasPerBatch: number;
}

interface BatchView {
  number: string;
  txCount: string;
  l1TxHash?: string;
}

/** Waits (up to `timeoutMs`) for batches firstBatch…latest to be posted, then reads their L1 transactions. */
export async function measureL1Cost(rpc: NodeRpc, l1RpcUrl: string, firstBatch: number, timeoutMs: number): Promise<L1Cost> {
  const latest = Number((await rpc.call<BatchView | null>("loft_getBatch", ["latest"]))?.number ?? 0);
  const deadline = Date.now() + timeoutMs;
  const views: BatchView[] = [];
  for (let n = firstBatch; n <= latest; n++) {
    let view = await rpc.call<BatchView>("loft_getBatch", [`0x${n.toString(16)}`]);
    while (!view.l1TxHash && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      view = await rpc.call<BatchView>("loft_getBatch", [`0x${n.toString(16)}`]);
    }
    views.push(view);
  }
  const provider = new JsonRpcProvider(l1RpcUrl, undefined, { staticNetwork: true });
  const rollup = rollupInterface();
  let txs = 0;
  let calldata = 0;
  let data = 0;
  let gas = 0n;
  let posted = 0;
  const commits = new Map<string, BatchView[]>();
  for (const view of views) if (view.l1TxHash) commits.set(view.l1TxHash, [...(commits.get(view.l1TxHash) ?? []), view]);
  try {
    for (const [hash, batches] of commits) {
      const [tx, receipt] = await Promise.all([provider.getTransaction(hash), provider.getTransactionReceipt(hash)]);
      if (!tx || !receipt) continue;
      posted += batches.length;
      for (const view of batches) txs += Number(view.txCount);
      calldata += (tx.data.length - 2) / 2;
      const parsed = rollup.parseTransaction({ data: tx.data });
      for (const bytes of (parsed?.args.getValue("data") ?? []) as string[]) data += (bytes.length - 2) / 2;
      gas += receipt.gasUsed;
    }
  } finally {
    provider.destroy();
  }
  return { batches: views.length, batchesPosted: posted, txs, calldataBytesPerTx: calldata / txs, dataBytesPerTx: data / txs, gasPerTx: Number(gas) / txs, gasPerBatch: Number(gas) / Math.max(1, posted) };
}
