/**
 * An EIP-1193 provider backed by an ethers Wallet on the devnet's L1: what MetaMask exposes as
 * `window.ethereum`, for the SDK's and the wallet page's tests. The wallet answers accounts and
 * chain id, signs `eth_signTypedData_v4` (refusing a domain on another chain, as MetaMask does),
 * signs and sends `eth_sendTransaction` on L1, and forwards every other read to the L1 node.
 * `reject` makes the next request fail as a user's refusal (code 4001).
 */
import { JsonRpcProvider, Wallet, type TransactionRequest } from "ethers";

export interface Eip1193Wallet {
  address: string;
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  /** The methods called, in order (to assert what a page asked the wallet). */
  calls: string[];
  rejectNext(): void;
}

export function eip1193Wallet(privateKey: string, l1Url: string): Eip1193Wallet {
  const provider = new JsonRpcProvider(l1Url, undefined, { staticNetwork: true, batchMaxCount: 1 });
  const wallet = new Wallet(privateKey, provider);
  let reject = false;
  const calls: string[] = [];
  const request = async ({ method, params = [] }: { method: string; params?: unknown[] }): Promise<unknown> => {
    calls.push(method);
    if (reject) {
      reject = false;
      throw Object.assign(new Error("User rejected the request."), { code: 4001 });
    }
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [wallet.address];
      case "eth_chainId":
        return `0x${(await provider.getNetwork()).chainId.toString(16)}`;
      case "eth_signTypedData_v4": {
        const [account, json] = params as [string, string];
        if (account.toLowerCase() !== wallet.address.toLowerCase()) throw Object.assign(new Error(`unknown account ${account}`), { code: 4100 });
        const { domain, types, message } = JSON.parse(json);
        const chainId = (await provider.getNetwork()).chainId;
        if (BigInt(domain.chainId) !== chainId) throw Object.assign(new Error(`Provided chainId "${domain.chainId}" must match the active chainId "${chainId}"`), { code: -32602 });
        delete types.EIP712Domain;
        return wallet.signTypedData(domain, types, message);
      }
      case "eth_sendTransaction": {
        const [tx] = params as [Record<string, string>];
        const sent = await wallet.sendTransaction(toRequest(tx));
        return sent.hash;
      }
      default:
        return provider.send(method, params as unknown[]);
    }
  };
  return { address: wallet.address, request, calls, rejectNext: () => void (reject = true) };
}

/** An `eth_sendTransaction` object (0x-quantities) as an ethers request. */
function toRequest(tx: Record<string, string>): TransactionRequest {
  return {
    to: tx.to, data: tx.data ?? "0x", value: tx.value ? BigInt(tx.value) : 0n,
    ...(tx.gas ? { gasLimit: BigInt(tx.gas) } : {}),
  };
}
