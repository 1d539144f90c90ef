/**
 * Mined ETH transfers per second on a Hardhat node (HTTP JSON-RPC on 127.0.0.1): raw transactions
 * sent in JSON-RPC batches with a few requests in flight, either with automine (each transaction
 * mined in its own block as it arrives) or with automine off and everything mined in one block
 * by `evm_mine`. The clock runs from the first send to the last transaction mined, and the mined
 * count is read back from the blocks.
 */

export interface L1Throughput {
  mode: "automine" | "one block";
  transfers: number;
  mined: number;
  blocks: number;
  seconds: number;
  perSecond: number;
}

async function call<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!Array.isArray(json) && json.error) throw new Error(`L1 RPC: ${json.error.message}`);
  return json;
}

export const rpc = async <T>(url: string, method: string, params: unknown[] = []) => (await call<{ result: T }>(url, { jsonrpc: "2.0", id: 1, method, params })).result;

/** Sends every raw transaction, `batchSize` per JSON-RPC batch, `inFlight` batches at a time; throws on any error reply. */
async function sendAll(url: string, raw: string[], batchSize: number, inFlight: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < raw.length) {
      const start = next;
      next += batchSize;
      const replies = await call<{ error?: { message: string } }[]>(url, raw.slice(start, start + batchSize).map((tx, k) => ({ jsonrpc: "2.0", id: start + k, method: "eth_sendRawTransaction", params: [tx] })));
      const failed = replies.find((r) => r.error);
      if (failed) throw new Error(`eth_sendRawTransaction refused: ${failed.error!.message}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

async function minedSince(url: string, fromBlock: number): Promise<{ mined: number; blocks: number }> {
  const latest = Number(await rpc<string>(url, "eth_blockNumber"));
  let mined = 0;
  for (let n = fromBlock + 1; n <= latest; n++) mined += Number(await rpc<string>(url, "eth_getBlockTransactionCountByNumber", [`0x${n.toString(16)}`]));
  return { mined, blocks: latest - fromBlock };
}

export async function fundAccounts(url: string, addresses: string[], weiHex: string): Promise<void> {
  for (let i = 0; i < addresses.length; i += 500) {
    await call(url, addresses.slice(i, i + 500).map((a, k) => ({ jsonrpc: "2.0", id: k, method: "hardhat_setBalance", params: [a, weiHex] })));
  }
}

export async function measureAutomine(url: string, raw: string[], batchSize = 50, inFlight = 4): Promise<L1Throughput> {
  await rpc(url, "evm_setAutomine", [true]);
  const fromBlock = Number(await rpc<string>(url, "eth_blockNumber"));
  const start = performance.now();
  await sendAll(url, raw, batchSize, inFlight);
  const seconds = (performance.now() - start) / 1000;
  const { mined, blocks } = await minedSince(url, fromBlock);
  return { mode: "automine", transfers: raw.length, mined, blocks, seconds, perSecond: mined / seconds };
}

export async function measureOneBlock(url: string, raw: string[], batchSize = 50, inFlight = 4): Promise<L1Throughput> {
  await rpc(url, "evm_setAutomine", [false]);
  await rpc(url, "evm_setBlockGasLimit", [`0x${(BigInt(raw.length) * 21_000n + 1_000_000n).toString(16)}`]);
  const fromBlock = Number(await rpc<string>(url, "eth_blockNumber"));
  const start = performance.now();
  await sendAll(url, raw, batchSize, inFlight);
  await rpc(url, "evm_mine");
  const seconds = (performance.now() - start) / 1000;
  const { mined, blocks } = await minedSince(url, fromBlock);
  await rpc(url, "evm_setAutomine", [true]);
  return { mode: "one block", transfers: raw.length, mined, blocks, seconds, perSecond: mined / seconds };
}
