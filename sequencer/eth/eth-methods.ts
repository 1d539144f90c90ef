/**
 * The eth_* / net_* / web3_* surface of spec §4 v2, answering as an Ethereum node would for a
 * chain whose blocks are Loft batches and whose only transactions are payments: blocks by
 * number, tag or hash, transactions and receipts, balances and nonces at any block, fees from
 * the node's fee source, and for what cannot apply to a payments rollup (code, storage, calls,
 * logs) what an empty EVM chain answers. Subscriptions (eth_subscribe) are the ingress's own.
 */
import { hexlify, toQuantity } from "ethers";
import type { Mempool } from "../mempool/mempool.ts";
import { parseAddress, parseData, parseSafeQuantity } from "../protocol/hex-params.ts";
import { ParamError, ParamErrorCode } from "../protocol/param-error.ts";
import { expectParams } from "../protocol/transaction-params.ts";
import { RpcError, RpcErrorCode, type RpcMethods } from "../rpc/index.ts";
import type { PendingTransaction } from "../sealer/sealer-ports.ts";
import type { StoreReader } from "../store/store-reader.ts";
import type { BatchLookup } from "./batch-lookup.ts";
import { parseBlockSelector, resolveTag, type BlockSelector } from "./block-tags.ts";
import { blockView, receiptView, transactionView } from "./eth-views.ts";
import { gasPriceOf, TRANSFER_GAS, type FeeSource } from "./fee-source.ts";
import { accountAfter, type AccountState } from "./historical-account.ts";

export interface EthDeps {
  reader: StoreReader;
  batches: BatchLookup;
  /** The rollup's own chain id (never the L1's: spec §2 v2). */
  chainId: bigint;
  fees: FeeSource;
  /** The latest state the node serves (the WASM state, or a follower's verified view of it). */
  latestAccount(address: Uint8Array): AccountState;
  mempool: Pick<Mempool<PendingTransaction>, "get" | "pendingNonce">;
  beingSealed?(hash: Uint8Array): PendingTransaction | undefined;
  clientVersion: string;
}

/** geth's answer for a block number past the head in a state query. */
const headerNotFound = () => new RpcError(RpcErrorCode.transactionRejected, "header not found");
const MAX_FEE_HISTORY_BLOCKS = 1024;
const ZERO_WORD = `0x${"0".repeat(64)}`;

/** Params of a method whose trailing ones may be left out (as geth accepts). */
function paramsUpTo(params: unknown, min: number, max: number): unknown[] {
  const list = params === undefined ? [] : params;
  if (!Array.isArray(list) || list.length < min || list.length > max) {
    const got = Array.isArray(list) ? `${list.length}` : "a params object";
    throw new ParamError(ParamErrorCode.wrongArity, "params", `expected ${min === max ? min : `${min} to ${max}`} params, got ${got}`);
  }
  return list;
}

function parseBoolean(value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new ParamError(ParamErrorCode.unknownType, path, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** A count given as a 0x quantity or a plain number (eth_feeHistory's blockCount is either in the wild). */
function parseCount(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  return parseSafeQuantity(value, path);
}

export function ethMethods(deps: EthDeps): RpcMethods {
  const { reader, batches } = deps;
  const chainId = toQuantity(deps.chainId);
  const gasPrice = () => gasPriceOf(deps.fees);

  /** The batch number a selector names, or undefined (a hash not known, a number past the head). */
  const numberOf = (selector: BlockSelector): number | undefined => {
    if ("tag" in selector) return resolveTag(reader, selector.tag);
    if ("number" in selector) return selector.number <= batches.latest() ? selector.number : undefined;
    return batches.byHash(selector.hash)?.number;
  };
  const stateAt = (address: Uint8Array, selector: BlockSelector): AccountState => {
    if ("tag" in selector && (selector.tag === "latest" || selector.tag === "pending")) return deps.latestAccount(address);
    const number = numberOf(selector);
    if (number === undefined) throw headerNotFound();
    return accountAfter(reader, address, number);
  };
  const addressAt = (params: unknown) => {
    const [address, block] = paramsUpTo(params, 1, 2);
    return { address: parseAddress(address, "params[0]"), selector: parseBlockSelector(block, "params[1]") };
  };
  const block = (number: number | undefined, full: boolean) => {
    const record = number === undefined ? undefined : batches.batch(number);
    if (!record) return null;
    const stored = reader.batchTransactions(record.number, 0, Number.MAX_SAFE_INTEGER);
    const transactions = full
      ? stored.map((tx) => transactionView(tx.hash, tx.record, deps.chainId, { block: record, index: tx.index }))
      : stored.map((tx) => `0x${Buffer.from(tx.hash.buffer, tx.hash.byteOffset, 32).toString("hex")}`); // a block holds thousands: Buffer's hex, not ethers' hexlify
    return blockView(record, transactions, gasPrice());
  };
  const blockParams = (params: unknown) => {
    const [selector, full] = paramsUpTo(params, 1, 2);
    return { selector: parseBlockSelector(selector, "params[0]"), full: parseBoolean(full, "params[1]") };
  };
  const hashParam = (params: unknown) => parseData(expectParams(params, 1)[0], "params[0]", 32, "a 32-byte transaction hash");
  const blockTxCount = (selector: BlockSelector) => {
    const number = numberOf(selector);
    const record = number === undefined ? undefined : batches.batch(number);
    return record ? toQuantity(record.txCount) : null;
  };
  /** Validates an eth_call / eth_estimateGas call object's addresses and data. */
  const callData = (call: unknown): string => {
    if (typeof call !== "object" || call === null || Array.isArray(call)) throw new ParamError(ParamErrorCode.notObject, "params[0]", "expected a call object {from?, to?, value?, data?}");
    const object = call as Record<string, unknown>;
    for (const key of ["from", "to"]) if (object[key] !== undefined && object[key] !== null) parseAddress(object[key], `params[0].${key}`);
    const data = object.data ?? object.input ?? "0x";
    if (typeof data !== "string" || !/^0x([0-9a-f]{2})*$/i.test(data)) throw new ParamError(ParamErrorCode.badHex, "params[0].data", "expected 0x-hex bytes");
    return data;
  };

  return {
    eth_chainId: () => chainId,
    net_version: () => deps.chainId.toString(),
    net_listening: () => true,
    net_peerCount: () => "0x0",
    web3_clientVersion: () => deps.clientVersion,
    eth_syncing: () => false,
    eth_accounts: () => [],
    eth_blockNumber: () => toQuantity(batches.latest()),
    eth_getBalance: (params) => {
      const { address, selector } = addressAt(params);
      return toQuantity(stateAt(address, selector).balance);
    },
    eth_getTransactionCount: (params) => {
      const { address, selector } = addressAt(params);
      if ("tag" in selector && selector.tag === "pending") return toQuantity(deps.mempool.pendingNonce(address));
      return toQuantity(stateAt(address, selector).nonce);
    },
    eth_getCode: (params) => {
      const { selector } = addressAt(params);
      if (!("tag" in selector) && numberOf(selector) === undefined) throw headerNotFound();
      return "0x";
    },
    eth_getStorageAt: (params) => {
      const [address, , block] = paramsUpTo(params, 2, 3);
      parseAddress(address, "params[0]");
      parseBlockSelector(block, "params[2]");
      return ZERO_WORD;
    },
    eth_call: (params) => {
      const [call, block] = paramsUpTo(params, 1, 3);
      callData(call);
      parseBlockSelector(block, "params[1]");
      return "0x"; // no contract code anywhere: a call returns nothing
    },
    eth_estimateGas: (params) => {
      const [call, block] = paramsUpTo(params, 1, 3);
      const data = callData(call);
      parseBlockSelector(block, "params[1]");
      let gas = TRANSFER_GAS;
      for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4n : 16n;
      return toQuantity(gas);
    },
    eth_gasPrice: () => toQuantity(gasPrice()),
    eth_maxPriorityFeePerGas: () => "0x0",
    eth_feeHistory: (params) => {
      const [countParam, newestParam, percentiles] = paramsUpTo(params, 2, 3);
      const count = Math.min(parseCount(countParam, "params[0]"), MAX_FEE_HISTORY_BLOCKS);
      const newest = numberOf(parseBlockSelector(newestParam, "params[1]"));
      if (newest === undefined) throw headerNotFound();
      if (percentiles !== undefined && (!Array.isArray(percentiles) || percentiles.some((p) => typeof p !== "number" || p < 0 || p > 100))) {
        throw new ParamError(ParamErrorCode.unknownType, "params[2]", "expected an array of reward percentiles from 0 to 100");
      }
      const oldest = Math.max(0, newest - count + 1);
      const blocks = count === 0 ? 0 : newest - oldest + 1;
      const price = toQuantity(gasPrice());
      return {
        oldestBlock: toQuantity(oldest),
        baseFeePerGas: Array.from({ length: blocks + 1 }, () => price),
        gasUsedRatio: Array.from({ length: blocks }, (_, i) => (batches.batch(oldest + i)?.txCount ?? 0) / 30_000_000),
        ...(Array.isArray(percentiles) ? { reward: Array.from({ length: blocks }, () => percentiles.map(() => "0x0")) } : {}),
      };
    },
    eth_getBlockByNumber: (params) => {
      const { selector, full } = blockParams(params);
      if ("hash" in selector) throw new ParamError(ParamErrorCode.badBlockTag, "params[0]", "expected a block number or tag (by hash: eth_getBlockByHash)");
      return block(numberOf(selector), full);
    },
    eth_getBlockByHash: (params) => {
      const [hash, full] = paramsUpTo(params, 1, 2);
      const root = hexlify(parseData(hash, "params[0]", 32, "a 32-byte block hash"));
      return block(batches.byHash(root)?.number, parseBoolean(full, "params[1]"));
    },
    eth_getBlockTransactionCountByNumber: (params) => blockTxCount(parseBlockSelector(expectParams(params, 1)[0], "params[0]")),
    eth_getBlockTransactionCountByHash: (params) => blockTxCount({ hash: hexlify(parseData(expectParams(params, 1)[0], "params[0]", 32, "a 32-byte block hash")) }),
    eth_getUncleCountByBlockNumber: () => "0x0",
    eth_getUncleCountByBlockHash: () => "0x0",
    eth_getTransactionByHash: (params) => {
      const hash = hashParam(params);
      const pending = deps.mempool.get(hash) ?? deps.beingSealed?.(hash);
      if (pending) return transactionView(hash, pending.record, deps.chainId);
      const stored = reader.transaction(hash);
      const record = stored && batches.batch(stored.batch);
      return stored && record ? transactionView(hash, stored.record, deps.chainId, { block: record, index: stored.index }) : null;
    },
    eth_getTransactionReceipt: (params) => {
      const stored = reader.transaction(hashParam(params));
      const record = stored && batches.batch(stored.batch);
      return stored && record ? receiptView(stored, record) : null;
    },
    eth_getLogs: (params) => {
      const [filter] = paramsUpTo(params, 1, 1);
      if (typeof filter !== "object" || filter === null || Array.isArray(filter)) throw new ParamError(ParamErrorCode.notObject, "params[0]", "expected a filter object");
      return [];
    },
    eth_sendRawTransaction: (params) => {
      const raw = expectParams(params, 1)[0];
      if (typeof raw !== "string" || !/^0x([0-9a-f]{2})+$/i.test(raw)) throw new ParamError(ParamErrorCode.badHex, "params[0]", "expected the signed transaction as 0x-hex bytes");
      throw new RpcError(RpcErrorCode.transactionRejected, "transaction type not supported: this node does not accept native Ethereum transactions yet (eth_sendRawTransaction); sign the EIP-712 Transfer or Withdraw of loft_getDomain and send it with loft_sendTransaction", { reason: "NATIVE_TRANSFERS_NOT_SUPPORTED" });
    },
  };
}
