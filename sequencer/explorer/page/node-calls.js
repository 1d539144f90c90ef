// What the wallet panel asks the node and the wallet. The node: JSON-RPC over HTTP on the page's
// own origin (POST /rpc, docs/node-api.md). The wallet: EIP-1193 `request` (MetaMask's
// window.ethereum); a refusal (4001) reads "you rejected it in the wallet".

let nextId = 1;

/** One JSON-RPC call to this node; rejects with the node's error message (and its code). */
export async function nodeCall(method, params = []) {
  const response = await fetch("/rpc", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }) });
  const answer = await response.json().catch(() => ({ error: { code: response.status, message: `HTTP ${response.status}` } }));
  if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.result;
}

let domain;
/** The EIP-712 domain (L1 chain id, Rollup address), read once. */
export async function loftDomain() {
  domain ??= nodeCall("loft_getDomain").then(({ domain: d }) => ({ ...d, chainId: Number(BigInt(d.chainId)) }));
  return domain.catch((error) => {
    domain = undefined;
    throw error;
  });
}

export async function walletCall(provider, method, params = []) {
  try {
    return await provider.request({ method, params });
  } catch (error) {
    if (error?.code === 4001) throw new Error("you rejected it in the wallet");
    throw new Error(error?.message ?? String(error));
  }
}

const hex = (value) => `0x${BigInt(value).toString(16)}`;
const word = (value) => BigInt(value).toString(16).padStart(64, "0");
const addressWord = (address) => address.slice(2).toLowerCase().padStart(64, "0");

/** Calldata of the Rollup's deposit(address to): selector keccak("deposit(address)")[0..4]. */
export const depositCalldata = (to) => `0xf340fa01${addressWord(to)}`;
/** Calldata of isWithdrawn(uint64 batchNumber, uint256 index). */
export const isWithdrawnCalldata = (batch, index) => `0xda2322ca${word(batch)}${word(index)}`;

/** Sends an L1 transaction from the wallet and waits (polling its receipt, 2 min at most) until it is mined; rejects on a revert. */
export async function sendL1(provider, from, tx) {
  const hash = await walletCall(provider, "eth_sendTransaction", [{ from, to: tx.to, data: tx.data, value: hex(tx.value ?? 0n) }]);
  for (let i = 0; i < 240; i++) {
    const receipt = await walletCall(provider, "eth_getTransactionReceipt", [hash]);
    if (receipt) {
      if (receipt.status !== "0x1") throw new Error(`L1 transaction ${hash} reverted`);
      return hash;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`L1 transaction ${hash} not mined within 2 minutes`);
}

/** The lowest fee the node accepts now (0 on a node without loft_estimateFee). */
export async function estimateFee(request) {
  try {
    return BigInt((await nodeCall("loft_estimateFee", [request])).fee);
  } catch (error) {
    if (error.code === -32601) return 0n;
    throw error;
  }
}

/** Signs a transfer or withdrawal with eth_signTypedData_v4 (its primary type alone) and sends it to the node; answers the hash. */
export async function signAndSend(provider, from, request) {
  const d = await loftDomain();
  const primaryType = request.type === "transfer" ? "Transfer" : "Withdraw";
  const target = request.type === "transfer" ? "to" : "recipient";
  const fields = [{ name: target, type: "address" }, { name: "amount", type: "uint256" }, { name: "fee", type: "uint256" }, { name: "nonce", type: "uint64" }];
  const message = { [target]: request[target], amount: request.amount.toString(), fee: request.fee.toString(), nonce: request.nonce };
  const typedData = {
    types: { EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }], [primaryType]: fields },
    domain: d, primaryType, message,
  };
  const signature = await walletCall(provider, "eth_signTypedData_v4", [from, JSON.stringify(typedData)]);
  return nodeCall("loft_sendTransaction", [{ type: request.type, [target]: request[target], amount: hex(request.amount), fee: hex(request.fee), nonce: hex(request.nonce), signature }]);
}
