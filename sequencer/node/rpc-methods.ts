/**
 * The node's JSON-RPC methods (spec §4 table): loft_* plus the Ethereum surface
 * (sequencer/eth/eth-methods.ts). Parameters are parsed strictly (ParamError → -32602); admission
 * failures use geth's codes and messages (sequencer/eth/admission-error.ts).
 */
import { hexlify, toQuantity } from "ethers";
import type { LoftCore } from "../core/index.ts";
import { admissionError, FOLLOWER_TAKES_NO_TRANSACTIONS } from "../eth/admission-error.ts";
import { BatchLookup } from "../eth/batch-lookup.ts";
import { ethMethods } from "../eth/eth-methods.ts";
import { NO_MINIMUM_FEE, type FeeSource } from "../eth/fee-source.ts";
import { rollupChainIdOrUndefined } from "../eth/rollup-chain-id.ts";
import type { Mempool } from "../mempool/mempool.ts";
import { EIP712_DOMAIN_TYPE, LOFT_EIP712_TYPES, type LoftDomain } from "../protocol/eip712.ts";
import { parseAddress, parseData, parseSafeQuantity } from "../protocol/hex-params.ts";
import { expectParams, parseSendTransactionParams, type UserTransaction } from "../protocol/transaction-params.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import { RpcError, type RpcMethods } from "../rpc/index.ts";
import type { Sealer } from "../sealer/sealer.ts";
import type { PendingTransaction } from "../sealer/sealer-ports.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { coreAccounts, type AccountSource } from "./core-account-reader.ts";
import { IntakeStatus } from "./intake-status.ts";
import { accountView, batchView, transactionView } from "./json-views.ts";
import type { RecentRejections } from "./recent-rejections.ts";

export { FOLLOWER_TAKES_NO_TRANSACTIONS };

export interface MethodDeps {
  core: LoftCore;
  reader: StoreReader;
  mempool: Mempool<PendingTransaction>;
  /** Transactions executed into a batch being written (the sequencer's sealer); absent on a follower. */
  sealer?: Pick<Sealer<PendingTransaction>, "beingSealed">;
  rejections: RecentRejections;
  /** Account reads (the sequencer: its durable state, DurableAccounts); absent, the WASM state as it is. */
  accounts?: AccountSource;
  /** The EIP-712 domain: the L1's chain id and the Rollup (spec §2). */
  domain: LoftDomain;
  /** The rollup's own chain id, answered by eth_chainId (config/rollup-chain-id.ts); absent: the devnet's on L1 31337, else eth_chainId refuses. */
  rollupChainId?: bigint;
  /** The genesis state root, for batch 0 (the genesis header; the store holds no record of it). */
  genesisStateRoot?: Uint8Array;
  /** The node's fee policy (eth_gasPrice, eth_feeHistory, baseFeePerGas); default: no minimum. */
  fees?: FeeSource;
  /**
   * Admission of new transactions; absent on a follower, which takes none. `connectionId` is the
   * WebSocket connection whose "receipts" subscription hears about it; undefined over HTTP.
   */
  admit?(record: Uint8Array, connectionId: number | undefined): Promise<{ status: IntakeStatus; hash: Uint8Array; message?: string | undefined }>;
}

/** `loft_getDomain`: ethers-ready `types` per primary type (one primary each: ethers refuses several), and EIP712Domain for eth_signTypedData_v4. */
export function domainView(domain: LoftDomain) {
  return {
    domain: { ...domain, chainId: toQuantity(domain.chainId) },
    types: { Transfer: { Transfer: LOFT_EIP712_TYPES.Transfer }, Withdraw: { Withdraw: LOFT_EIP712_TYPES.Withdraw } },
    primaryTypes: ["Transfer", "Withdraw"],
    EIP712Domain: EIP712_DOMAIN_TYPE,
  };
}

/**
 * The 146-byte SSZ Transaction of a parsed submission with a zero `from` (the signature pool
 * recovers it), written directly: the same bytes as Transaction.serialize, without its generic
 * container walk (this runs once per JSON-RPC submission).
 */
export function userTransactionRecord(tx: UserTransaction): Uint8Array {
  const record = new Uint8Array(TRANSACTION_SIZE);
  const view = new DataView(record.buffer);
  record[0] = tx.kind;
  record.set(tx.to, 21);
  const mask = (1n << 64n) - 1n;
  view.setBigUint64(41, tx.amount & mask, true);
  view.setBigUint64(49, tx.amount >> 64n, true);
  view.setBigUint64(57, tx.fee & mask, true);
  view.setBigUint64(65, tx.fee >> 64n, true);
  view.setBigUint64(73, BigInt(tx.nonce), true);
  record.set(tx.signature, 81);
  return record;
}

export function nodeMethods(deps: MethodDeps): RpcMethods {
  const accounts = deps.accounts ?? coreAccounts(deps.core);
  const account = (address: Uint8Array) => accounts.get(address) ?? { index: undefined, balance: 0n, nonce: 0 };
  const batches = new BatchLookup(deps.reader, deps.genesisStateRoot);
  const rollupChainId = deps.rollupChainId ?? rollupChainIdOrUndefined(deps.domain.chainId);
  const eth = ethMethods({
    reader: deps.reader,
    batches,
    chainId: rollupChainId ?? 0n,
    fees: deps.fees ?? NO_MINIMUM_FEE,
    latestAccount: account,
    mempool: deps.mempool,
    ...(deps.sealer ? { beingSealed: (hash: Uint8Array) => deps.sealer!.beingSealed(hash) } : {}),
    clientVersion: "loft/0.1.0",
  });
  const noChainId = () => {
    throw new RpcError(-32603, "this node was started without the rollup's chain id: restart it with --chain-id (the rollup's own, never the L1's)");
  };

  return {
    ...eth,
    ...(rollupChainId === undefined ? { eth_chainId: noChainId, net_version: noChainId } : {}),
    loft_sendTransaction: async (params, context) => {
      if (!deps.admit) throw new RpcError(FOLLOWER_TAKES_NO_TRANSACTIONS, "this node is a follower and takes no transactions: send them to the sequencer");
      const tx = parseSendTransactionParams(params);
      const record = userTransactionRecord(tx);
      const { status, hash, message } = await deps.admit(record, context.connection.transport === "ws" ? context.connection.id : undefined);
      if (status === IntakeStatus.accepted) return `0x${Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("hex")}`;
      const error = admissionError(status, tx);
      // the precise message where the intake has one ("fee too low: minimum is 4200 wei", sequencer/mempool/rejection-reason.ts)
      throw message ? new RpcError(error.code, message, error.data) : error;
    },
    loft_getTransaction: (params) => {
      const hash = parseData(expectParams(params, 1)[0], "params[0]", 32, "a 32-byte transaction hash");
      const pending = deps.mempool.get(hash) ?? deps.sealer?.beingSealed(hash);
      if (pending) return transactionView(hash, pending.record, { status: "accepted" });
      const stored = deps.reader.transaction(hash);
      if (stored) {
        const status = deps.reader.batch(stored.batch)?.status ?? "sealed";
        return transactionView(hash, stored.record, { status, batch: stored.batch, index: stored.index });
      }
      const rejected = deps.rejections.get(hexlify(hash));
      return rejected ? transactionView(hash, rejected.record, { status: "rejected", error: rejected.reason }) : null;
    },
    loft_getAccount: (params) => {
      const address = parseAddress(expectParams(params, 1)[0], "params[0]");
      const { index, balance, nonce } = account(address);
      return accountView(address, index, balance, nonce);
    },
    loft_getBatch: (params) => {
      const selector = expectParams(params, 1)[0];
      const number = selector === "latest" ? batches.latest() : parseSafeQuantity(selector, "params[0]");
      const record = batches.batch(number);
      return record ? batchView(record) : null;
    },
    loft_getDomain: (params) => {
      expectParams(params, 0);
      return domainView(deps.domain);
    },
  };
}
