/**
 * Accounts as the node reads them. The mempool's view (`coreAccountReader`) is the WASM state
 * itself, which the sealer advances in the same synchronous turn as it marks transactions sealed
 * into a batch. What clients read (`DurableAccounts`: loft_getAccount, eth_getBalance, the
 * explorer) is the state after the last batch durably written: the executor runs ahead of the
 * disk (sealer/pending-writes.ts), and a batch not yet flushed, or refused by a full disk, must
 * not show.
 */
import type { LoftCore } from "../core/index.ts";
import type { AccountReader, ConfirmedAccount } from "../mempool/account-reader.ts";
import type { PendingBatchView, PendingObserver } from "../sealer/pending-writes.ts";
import { LATEST_SEALED_KEY } from "../store/batch-writer.ts";
import type { Store } from "../store/store.ts";

/** Reads a little-endian unsigned integer of `length` bytes. */
function readLittleEndian(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = offset + length - 1; i >= offset; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** Balance and nonce of a 44-byte SSZ Account record. */
export function decodeAccountRecord(record: Uint8Array): ConfirmedAccount {
  return { balance: readLittleEndian(record, 20, 16), nonce: Number(readLittleEndian(record, 36, 8)) };
}

export function coreAccountReader(core: LoftCore): AccountReader {
  const scratch = new Uint8Array(44);
  return {
    get(address) {
      const index = core.state.indexOf(address);
      if (index < 0) return undefined;
      core.state.accountInto(index, scratch);
      return decodeAccountRecord(scratch);
    },
  };
}

/** An account as clients read it: its index and record fields. */
export type DurableAccount = ConfirmedAccount & { index: number };

/** Reads of accounts by address; undefined for an address with no account. */
export interface AccountSource {
  get(address: Uint8Array): DurableAccount | undefined;
}

/** The WASM state as it is (a node without a sealer: the follower). */
export function coreAccounts(core: LoftCore): AccountSource {
  return {
    get(address) {
      const index = core.state.indexOf(address);
      return index < 0 ? undefined : { index, ...decodeAccountRecord(core.state.account(index)) };
    },
  };
}

/**
 * Reads of the durable state: the WASM state where no pending batch changed the account (no cost
 * beyond the read), else the record the newest durable batch left. For those it holds an LMDB read
 * snapshot taken while the store's latest batch was exactly the durable one (a batch commits
 * before its flush is reported, so LMDB's current view can be a batch ahead), plus the records of
 * batches that became durable after that snapshot. Feed it the sealer's events: `sealer.observePending(durable)`.
 */
export class DurableAccounts implements AccountSource, PendingObserver {
  private snapshot: { txn: ReadTransaction; height: number } | undefined;
  /** Batches durable after the snapshot was taken, oldest first. */
  private recent: PendingBatchView[] = [];

  constructor(private readonly core: LoftCore, private readonly store: Store, private readonly pending: () => readonly PendingBatchView[]) {}

  get(address: Uint8Array): DurableAccount | undefined {
    const index = this.core.state.indexOf(address);
    if (index < 0) return undefined;
    const pending = this.pending();
    if (pending.length === 0 || !pending.some((batch) => batch.touches(index))) return { index, ...decodeAccountRecord(this.core.state.account(index)) };
    if (index >= pending[0]!.accountsBefore) return undefined; // created by a batch not yet durable
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const record = this.recent[i]!.record(index);
      if (record) return { index, ...decodeAccountRecord(record) };
    }
    const options = this.snapshot ? { transaction: this.snapshot.txn } : undefined;
    const record: Uint8Array | undefined = this.store.buckets.accounts.get(index, options as never);
    return record ? { index, ...decodeAccountRecord(record) } : undefined;
  }

  /** Whether the WASM state holds batches not yet durable (its root and proofs are then not the durable state's). */
  aheadOfDisk(): boolean {
    return this.pending().length > 0;
  }

  /** Accounts in the durable state. */
  count(): number {
    return this.pending()[0]?.accountsBefore ?? this.core.state.count;
  }

  added(batch: PendingBatchView, wasEmpty: boolean): void {
    if (wasEmpty) this.takeSnapshot(batch.number - 1); // its parent is the durable batch, and the store's latest
  }

  durable(batch: PendingBatchView): void {
    if (this.pending().length === 0) return this.release(); // reads go to the WASM state again
    this.recent.push(batch);
    this.takeSnapshot(batch.number);
    if (this.recent.length > MAX_RECENT) this.release(); // never caught up: read LMDB's current view (at most a flush ahead)
  }

  /** Pins LMDB's current view if it is exactly batch `height` (0: genesis, before any batch). */
  private takeSnapshot(height: number): void {
    const txn = this.store.env.useReadTransaction() as unknown as ReadTransaction;
    const seen: number = this.store.buckets.meta.get(LATEST_SEALED_KEY, { transaction: txn } as never) ?? 0;
    if (seen !== height) return txn.done();
    this.snapshot?.txn.done();
    this.snapshot = { txn, height };
    this.recent = this.recent.filter((batch) => batch.number > height);
  }

  /** Lets go of the read snapshot (before the store closes). */
  close(): void {
    this.release();
  }

  private release(): void {
    this.snapshot?.txn.done();
    this.snapshot = undefined;
    this.recent = [];
  }
}

/** Durable batches kept in memory while no snapshot at the durable batch could be taken. */
const MAX_RECENT = 64;

interface ReadTransaction {
  done(): void;
}
