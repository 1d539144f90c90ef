/**
 * An account's balance and nonce after batch N (eth_getBalance / eth_getTransactionCount with
 * `safe`, `finalized` or a number). The store keeps the state after the latest durable batch
 * and every account's transaction history, so the state after N is the stored state with the
 * transactions of later batches undone, newest first: a transfer or withdraw sent gives back
 * amount + fee and one nonce, a transfer or deposit received takes its amount back.
 *
 * Two cases are refused with a clear error rather than answered wrong: the fee recipient (index
 * 0), which receives the fee of every transaction, when more than FEE_SCAN_LIMIT transactions
 * came after N; and an account with a full exit after N (the amount it paid out is in the batch's
 * exit list, not in the transaction).
 */
import { RpcError } from "../rpc/index.ts";
import { TxKind } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { decodeAccountRecord } from "../node/core-account-reader.ts";

/** geth's code for "the state of that block is not available". */
export const STATE_UNAVAILABLE = -32000;
export const HISTORY_WALK_LIMIT = 100_000;
export const FEE_SCAN_LIMIT = 1_000_000;

export interface AccountState {
  balance: bigint;
  nonce: number;
}

const readUint128 = (record: Uint8Array, offset: number) => {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  return view.getBigUint64(offset, true) | (view.getBigUint64(offset + 8, true) << 64n);
};
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

function unavailable(batch: number, why: string): RpcError {
  return new RpcError(STATE_UNAVAILABLE, `historical state unavailable: the state after block ${batch} ${why}; ask for "latest"`);
}

/** The durable state after the latest stored batch. */
export function storedAccount(reader: StoreReader, address: Uint8Array): AccountState & { index: number | undefined } {
  const index = reader.accountIndex(address);
  const record = index === undefined ? undefined : reader.account(index);
  if (index === undefined || !record) return { index: undefined, balance: 0n, nonce: 0 };
  return { index, ...decodeAccountRecord(record) };
}

/** The account after batch `batch` (≤ the latest stored batch). */
export function accountAfter(reader: StoreReader, address: Uint8Array, batch: number): AccountState {
  const latest = reader.latestSealed() ?? 0;
  const state = storedAccount(reader, address);
  if (batch >= latest || state.index === undefined) return state;
  let { balance, nonce } = state;
  const history = reader.addressHistory(address, HISTORY_WALK_LIMIT + 1);
  let walked = 0;
  for (const entry of history) {
    if (entry.batch <= batch) break;
    if (++walked > HISTORY_WALK_LIMIT) throw unavailable(batch, `is more than ${HISTORY_WALK_LIMIT} of this account's transactions back`);
    const record = entry.record;
    const kind = record[0]!;
    const amount = readUint128(record, 41);
    const fee = readUint128(record, 57);
    if (kind === TxKind.fullExit) throw unavailable(batch, "is before a full exit of this account");
    if ((kind === TxKind.transfer || kind === TxKind.withdraw) && same(record.subarray(1, 21), address)) {
      balance += amount + fee;
      nonce -= 1;
    }
    if ((kind === TxKind.transfer || kind === TxKind.deposit) && same(record.subarray(21, 41), address)) balance -= amount;
  }
  if (state.index === 0) balance -= feesAfter(reader, batch, latest);
  return { balance, nonce };
}

/** Fees the fee recipient received in batches batch+1 … latest. */
function feesAfter(reader: StoreReader, batch: number, latest: number): bigint {
  let total = 0n;
  let scanned = 0;
  for (let number = batch + 1; number <= latest; number++) {
    const transactions = reader.batchTransactions(number, 0, Number.MAX_SAFE_INTEGER);
    scanned += transactions.length;
    if (scanned > FEE_SCAN_LIMIT) throw unavailable(batch, `is more than ${FEE_SCAN_LIMIT} transactions back for the fee recipient`);
    for (const { record } of transactions) {
      const kind = record[0]!;
      if (kind === TxKind.transfer || kind === TxKind.withdraw) total += readUint128(record, 57);
    }
  }
  return total;
}

