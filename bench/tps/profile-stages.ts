/**
 * The node's main-thread time by pipeline stage, from the stack of each CPU-profile sample (first
 * matching rule wins), so a profile says which stage limits the TPS.
 */

export interface Frame {
  functionName: string;
  url: string;
}

const RULES: [string, (names: string[], urls: string) => boolean][] = [
  ["L1 poster (ethers sign, serialize, broadcast of commitBatch)", (n, u) => n.includes("broadcastTransaction") || n.includes("signTransaction") || /batch-poster|commit-transaction/.test(u)],
  ["batch data encoding (v2 records, varints)", (_, u) => /batch-data|node:zlib/.test(u)],
  ["sealer: WASM execution and roots", (_, u) => /batch-executor|\/core\//.test(u)],
  ["sealer: LMDB write", (_, u) => /batch-writer|\/lmdb\/|\/store\//.test(u)],
  ["sealer: other", (_, u) => /\/sealer\//.test(u)],
  ["receipts (notifier, WebSocket sends)", (_, u) => /receipt-notifier/.test(u)],
  ["intake (digests, mempool, pool messages)", (_, u) => /transaction-intake|mempool|recovery|signature-pool|chunk/.test(u)],
  ["WebSocket ingress and replies", (_, u) => /\/rpc\//.test(u)],
  ["L1 reads (ethers provider, queue watcher)", (_, u) => /provider-jsonrpc|abstract-provider|queue-watcher/.test(u)],
];

/** The stage of one sample, given its stack from the leaf up. */
export function stageOf(stack: Frame[]): string {
  const leaf = stack[0]?.functionName;
  if (leaf === "(idle)") return "idle";
  if (leaf === "(garbage collector)") return "garbage collection";
  const names = stack.map((f) => f.functionName);
  const urls = stack.map((f) => f.url).join(" ");
  return RULES.find(([, match]) => match(names, urls))?.[0] ?? "other";
}
