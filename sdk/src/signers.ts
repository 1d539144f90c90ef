/**
 * Who signs: an ethers Signer (a Wallet, a JsonRpcSigner, …) or an EIP-1193 provider (MetaMask's
 * `window.ethereum`), both seen as a LoftSigner. Loft transactions are EIP-712 typed data on the
 * L1 chain id (spec §2), so a wallet connected to L1 signs them without switching networks.
 */
import { BrowserProvider, type Eip1193Provider, type Signer, type TypedDataField } from "ethers";
import { LoftError } from "./errors.ts";

export interface TypedDataDomain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

export interface LoftSigner {
  getAddress(): Promise<string>;
  /** Signs one primary type (`types` holds it alone, no EIP712Domain); answers the 65-byte signature as 0x-hex. */
  signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, primaryType: string, message: Record<string, unknown>): Promise<string>;
  /** An ethers Signer for L1 transactions (deposit, full exit, claim), when this signer can send them. */
  l1Signer?(): Promise<Signer>;
}

/** What callers may pass: an ethers Signer, an EIP-1193 provider, or a LoftSigner. */
export type SignerInput = Signer | Eip1193Provider | LoftSigner;

const isEip1193 = (value: object): value is Eip1193Provider => typeof (value as Eip1193Provider).request === "function" && typeof (value as Signer).signTypedData !== "function";

export function toLoftSigner(input: SignerInput): LoftSigner {
  if (isEip1193(input)) return eip1193Signer(input);
  if ("signMessage" in input) return ethersSigner(input as Signer);
  return input as LoftSigner;
}

export function ethersSigner(signer: Signer): LoftSigner {
  return {
    getAddress: () => signer.getAddress(),
    signTypedData: (domain, types, _primaryType, message) => signer.signTypedData(domain, types, message),
    l1Signer: async () => signer,
  };
}

/** A wallet's EIP-1193 provider: `eth_requestAccounts`, then `eth_signTypedData_v4` as MetaMask takes it. */
export function eip1193Signer(provider: Eip1193Provider, account?: string): LoftSigner {
  let address: Promise<string> | undefined = account ? Promise.resolve(account) : undefined;
  const getAddress = () => (address ??= walletCall<string[]>(provider, "eth_requestAccounts", []).then((accounts) => {
    if (!accounts[0]) throw new LoftError("WALLET", "the wallet answered no account");
    return accounts[0];
  }));
  return {
    getAddress,
    async signTypedData(domain, types, primaryType, message) {
      const typedData = {
        types: { EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }], ...types },
        domain: { ...domain, chainId: Number(domain.chainId) },
        primaryType,
        message: Object.fromEntries(Object.entries(message).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value])),
      };
      return walletCall<string>(provider, "eth_signTypedData_v4", [await getAddress(), JSON.stringify(typedData)]);
    },
    l1Signer: async () => new BrowserProvider(provider).getSigner(await getAddress()),
  };
}

/** An EIP-1193 request; a wallet's refusal (4001: the user rejected) becomes LoftError("WALLET"). */
async function walletCall<T>(provider: Eip1193Provider, method: string, params: unknown[]): Promise<T> {
  try {
    return (await provider.request({ method, params })) as T;
  } catch (cause) {
    const { code, message } = cause as { code?: number; message?: string };
    const reason = code === 4001 ? "the user rejected the request" : (message ?? String(cause));
    throw new LoftError("WALLET", `${method}: ${reason}`, { cause });
  }
}
