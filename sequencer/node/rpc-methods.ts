/**
 * The node's JSON-RPC methods (spec §4 table): loft_* plus the eth_* reads that let ethers'
 * WebSocketProvider read balances and nonces. Parameters are parsed strictly (ParamError → -32602);
 * admission failures use the error strings wallets map.
 */
import { hexlify, toQuantity } from "ethers";
import type { LoftCore } from "../core/index.ts";
import type { Mempool } from "../mempool/mempool.ts";
import { EIP712_DOMAIN_TYPE, LOFT_EIP712_TYPES, type LoftDomain } from "../protocol/eip712.ts";
import { parseAddress, parseData, parseSafeQuantity } from "../protocol/hex-params.ts";
import { ParamError, ParamErrorCode } from "../protocol/param-error.ts";
import { expectParams, parseSendTransactionParams } from "../protocol/transaction-params.ts";
import { Transaction } from "../protocol/ssz-types.ts";
import { RpcError, alreadyKnown, insufficientFunds, mempoolFull, nonceTooHigh, nonceTooLow, type RpcMethods } from "../rpc/index.ts";
import type { Sealer } from "../sealer/sealer.ts";
import type { PendingTransaction } from "../sealer/sealer-ports.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { decodeAccountRecord } from "./core-account-reader.ts";
import { INTAKE_STATUS_TEXT, IntakeStatus } from "./intake-status.ts";
import { accountView, batchView, transactionView } from "./json-views.ts";
import type { RecentRejections } from "./recent-rejections.ts";

export interface MethodDeps {
  core: LoftCore;
  reader: StoreReader;
  mempool: Mempool<PendingTransaction>;
  /** Transactions executed into a batch being written (the sequencer's sealer); absent on a follower. */
  sealer?: Pick<Sealer<PendingTransaction>, "beingSealed">;
  rejections: RecentRejections;
  domain: LoftDomain;
  /** Admission of new transactions; absent on a follower, which takes none. */
  admit?(record: Uint8Array, connectionId: number): Promise<{ status: IntakeStatus; hash: Uint8Array }>;
}

const INVALID_SIGNATURE = -32010;
const INVALID_TRANSACTION = -32011;
const BUSY = -32012;
const REPLACEMENT_UNDERPRICED = -32013;
export const FOLLOWER_TAKES_NO_TRANSACTIONS = -32020;

function admissionError(status: IntakeStatus): RpcError {
  switch (status) {
    case IntakeStatus.nonceTooLow: return nonceTooLow();
    case IntakeStatus.nonceTooHigh: return nonceTooHigh();
    case IntakeStatus.insufficientFunds: return insufficientFunds();
    case IntakeStatus.alreadyKnown: return alreadyKnown();
    case IntakeStatus.mempoolFull: return mempoolFull();
    case IntakeStatus.invalidSignature: return new RpcError(INVALID_SIGNATURE, INTAKE_STATUS_TEXT[status]);
    case IntakeStatus.replacementUnderpriced: return new RpcError(REPLACEMENT_UNDERPRICED, INTAKE_STATUS_TEXT[status]);
    case IntakeStatus.busy: return new RpcError(BUSY, INTAKE_STATUS_TEXT[status]);
    default: return new RpcError(INVALID_TRANSACTION, INTAKE_STATUS_TEXT[status as IntakeStatus] ?? "invalid transaction");
  }
}

const BLOCK_TAGS = new Set(["latest", "pending", "safe", "finalized", "earliest"]);
function parseBlockTag(value: unknown, path: string): string {
  if (value === undefined) return "latest";
  if (typeof value === "string" && (BLOCK_TAGS.has(value) || /^0x[0-9a-f]+$/i.test(value))) return value;
  throw new ParamError(ParamErrorCode.badBlockTag, path, `expected a block tag ("latest", "pending", …) or a quantity, got ${JSON.stringify(value)}`);
}

function addressAndTag(params: unknown): { address: Uint8Array; tag: string } {
  const list = Array.isArray(params) && params.length === 1 ? [...params, undefined] : expectParams(params, 2);
  return { address: parseAddress(list[0], "params[0]"), tag: parseBlockTag(list[1], "params[1]") };
}

export function nodeMethods(deps: MethodDeps): RpcMethods {
  const account = (address: Uint8Array) => {
    const index = deps.core.state.indexOf(address);
    if (index < 0) return { index: undefined, balance: 0n, nonce: 0 };
    return { index, ...decodeAccountRecord(deps.core.state.account(index)) };
  };
  const chainId = toQuantity(deps.domain.chainId);

  return {
    loft_sendTransaction: async (params, context) => {
      if (!deps.admit) throw new RpcError(FOLLOWER_TAKES_NO_TRANSACTIONS, "this node is a follower and takes no transactions: send them to the sequencer");
      const tx = parseSendTransactionParams(params);
      const record = Transaction.serialize({ ...tx, from: new Uint8Array(20) });
      const { status, hash } = await deps.admit(record, context.connection.id);
      if (status !== IntakeStatus.accepted) throw admissionError(status);
      return hexlify(hash);
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
      const number = selector === "latest" ? (deps.reader.latestSealed() ?? 0) : parseSafeQuantity(selector, "params[0]");
      const record = deps.reader.batch(number);
      return record ? batchView(record) : null;
    },
    loft_getDomain: (params) => {
      expectParams(params, 0);
      return {
        domain: { ...deps.domain, chainId: toQuantity(deps.domain.chainId) },
        types: { EIP712Domain: EIP712_DOMAIN_TYPE, ...LOFT_EIP712_TYPES },
      };
    },
    eth_chainId: () => chainId,
    net_version: () => deps.domain.chainId.toString(),
    eth_blockNumber: () => toQuantity(deps.reader.latestSealed() ?? 0),
    eth_getBalance: (params) => toQuantity(account(addressAndTag(params).address).balance),
    eth_getTransactionCount: (params) => {
      const { address, tag } = addressAndTag(params);
      return toQuantity(tag === "pending" ? deps.mempool.pendingNonce(address) : account(address).nonce);
    },
  };
}
