/**
 * Batches and Loft transactions in the JSON shapes Ethereum clients parse (ethers'
 * formatBlock/formatTransactionResponse/formatReceipt, viem's formatters): a batch is a block
 * (hash = batch root, parentHash = parent root, transactionsRoot = txRoot, stateRoot), a
 * transaction keeps its real signature (r, s, v) and pays its fee as gas × price with
 * gas = gasUsed = 1 and gasPrice = effectiveGasPrice = fee, so `gasUsed × effectiveGasPrice` is the
 * fee exactly (ethers' receipt.fee). L1 queue messages (deposits, full exits) are type 0x7e, the
 * deposit type of OP-stack chains, from the credited address, without a signature (r = s = 0).
 * Roots are the protocol's SHA-256 SSZ roots, not Merkle-Patricia roots: nothing recomputes them.
 */
import { getAddress, hexlify, toQuantity } from "ethers";
import { BatchHeader, Transaction, TxKind } from "../protocol/ssz-types.ts";
import type { BatchRecord } from "../store/sealed-batch.ts";
import type { StoredTransaction } from "../store/store-reader.ts";

const ZERO_HASH = `0x${"0".repeat(64)}`;
const EMPTY_BLOOM = `0x${"0".repeat(512)}`;
/** keccak256(rlp([])): the uncles hash of a block without uncles. */
const EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
/** keccak256(rlp("")): the root of an empty trie (no receipts with logs to prove). */
const EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
const BLOCK_GAS_LIMIT = 30_000_000;
export const DEPOSIT_TX_TYPE = "0x7e";

export interface TransactionPlace {
  block: BatchRecord;
  index: number;
}

const isUserKind = (kind: number) => kind === TxKind.transfer || kind === TxKind.withdraw;

/** `txs` are the batch's transactions (hashes or full objects), already in view form. */
export function blockView(record: BatchRecord, transactions: unknown[], baseFeePerGas: bigint) {
  const header = BatchHeader.deserialize(new Uint8Array(record.header));
  return {
    number: toQuantity(header.number),
    hash: hexlify(record.root),
    parentHash: hexlify(header.parentRoot),
    nonce: "0x0000000000000000",
    mixHash: ZERO_HASH,
    sha3Uncles: EMPTY_UNCLES_HASH,
    logsBloom: EMPTY_BLOOM,
    transactionsRoot: hexlify(header.txRoot),
    stateRoot: hexlify(header.stateRoot),
    receiptsRoot: EMPTY_TRIE_ROOT,
    miner: "0x0000000000000000000000000000000000000000",
    difficulty: "0x0",
    totalDifficulty: "0x0",
    extraData: "0x",
    size: toQuantity(record.header.length + record.dataBytes),
    gasLimit: toQuantity(BLOCK_GAS_LIMIT),
    gasUsed: toQuantity(record.txCount),
    timestamp: toQuantity(header.timestamp),
    baseFeePerGas: toQuantity(baseFeePerGas),
    transactions,
    uncles: [],
  };
}

export function transactionView(hash: Uint8Array, record: Uint8Array, chainId: bigint, place?: TransactionPlace) {
  const tx = Transaction.deserialize(record);
  const user = isUserKind(tx.kind);
  const from = user ? tx.from : tx.to;
  const signature = tx.signature;
  const v = user ? signature[64]! : 27;
  return {
    hash: hexlify(hash),
    type: user ? "0x0" : DEPOSIT_TX_TYPE,
    blockHash: place ? hexlify(place.block.root) : null,
    blockNumber: place ? toQuantity(place.block.number) : null,
    transactionIndex: place ? toQuantity(place.index) : null,
    from: getAddress(hexlify(from)),
    to: getAddress(hexlify(tx.to)),
    value: toQuantity(tx.amount),
    nonce: toQuantity(tx.nonce),
    gas: "0x1",
    gasPrice: toQuantity(tx.fee),
    input: "0x",
    chainId: toQuantity(chainId),
    v: toQuantity(v),
    r: user ? hexlify(signature.subarray(0, 32)) : ZERO_HASH,
    s: user ? hexlify(signature.subarray(32, 64)) : ZERO_HASH,
    /** Loft's own: "transfer", "withdraw" (to is the L1 recipient), "deposit" or "fullExit". */
    loftType: (["transfer", "withdraw", "deposit", "fullExit"] as const)[tx.kind] ?? "unknown",
  };
}

/** Every transaction in a sealed batch succeeded (a batch never holds an invalid one): status 1. */
export function receiptView(stored: StoredTransaction, block: BatchRecord) {
  const tx = Transaction.deserialize(stored.record);
  const user = isUserKind(tx.kind);
  return {
    transactionHash: hexlify(stored.hash),
    transactionIndex: toQuantity(stored.index),
    blockHash: hexlify(block.root),
    blockNumber: toQuantity(block.number),
    from: getAddress(hexlify(user ? tx.from : tx.to)),
    to: getAddress(hexlify(tx.to)),
    cumulativeGasUsed: toQuantity(stored.index + 1),
    gasUsed: "0x1",
    effectiveGasPrice: toQuantity(tx.fee),
    contractAddress: null,
    logs: [],
    logsBloom: EMPTY_BLOOM,
    status: "0x1",
    type: user ? "0x0" : DEPOSIT_TX_TYPE,
  };
}

/** An `eth_subscribe("newHeads")` notification: the block without its transactions, as geth sends it. */
export function newHeadView(record: BatchRecord, baseFeePerGas: bigint) {
  const { transactions: _transactions, uncles: _uncles, totalDifficulty: _total, size: _size, ...head } = blockView(record, [], baseFeePerGas);
  return head;
}
