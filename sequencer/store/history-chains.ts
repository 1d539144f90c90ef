/**
 * Address history as chains. Each transaction stores where the previous transaction of its sender
 * and of its recipient is (two 12-byte locations, one value per batch under the batch number, so
 * appended), and each address's newest transaction is one entry in historyHeads: one put per
 * address a batch touched, as for its accounts. An address's history, newest first, follows the
 * links. (Schema 1 put two entries per transaction under random address-prefixed keys, and at
 * a few hundred thousand transactions nearly every one copied a 4 KB LMDB page: bench:store.)
 *
 * The writer keeps the heads it wrote in memory (HEAD_CACHE_LIMIT addresses), so linking a batch
 * reads LMDB only for addresses it has not seen lately: those reads were a quarter of the writer
 * thread's time. The cache holds what the writer's own transactions put, so it is dropped when a
 * write fails (forgetHeads): a head of a transaction that did not commit must never be linked to.
 */
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { locationBytes, readLocation } from "./keys.ts";
import { STORED_TX_ENTRY } from "./sealed-batch.ts";
import type { Store } from "./store.ts";

const LINK = 12;
const LINKS_PER_TX = 2 * LINK;
const NONE = new Uint8Array(LINK).fill(0xff);

/** Which addresses a transaction's history covers: the sender of transfers and withdrawals, the recipient of all but withdrawals (an L1 address). */
const coversFrom = (kind: number) => kind === TxKind.transfer || kind === TxKind.withdraw;
const coversTo = (kind: number) => kind !== TxKind.withdraw;
const keyOf = (address: Uint8Array) => Buffer.from(address.buffer, address.byteOffset, 20).toString("latin1");

/** Addresses whose head a writer keeps in memory; past it the cache starts again empty. */
const HEAD_CACHE_LIMIT = 500_000;
/** Per store: address (latin1) → its head as batch × 2^21 + index (a number, not an object per entry). */
const headCaches = new WeakMap<Store, Map<string, number>>();
const packable = (batch: number, index: number) => batch < 2 ** 32 && index < 2 ** 21;

/** Drops the heads this store's writer remembers; call when one of its write transactions failed. */
export function forgetHeads(store: Store): void {
  headCaches.delete(store);
}

/** Links batch `number`'s transactions into their addresses' chains. Call inside the batch's write transaction. */
export function putHistoryLinks(store: Store, number: number, transactions: Uint8Array, count: number): void {
  let cache = headCaches.get(store);
  if (!cache || cache.size > HEAD_CACHE_LIMIT) headCaches.set(store, (cache = new Map()));
  const heads = new Map<string, number>(); // address → index of its last transaction in this batch
  const previous = (address: Uint8Array, key: string): Uint8Array => {
    const inBatch = heads.get(key);
    if (inBatch !== undefined) return locationBytes(number, inBatch);
    const packed = cache.get(key);
    if (packed !== undefined) return locationBytes(Math.floor(packed / 2 ** 21), packed % 2 ** 21);
    return store.buckets.historyHeads.get(address) ?? NONE;
  };
  const links = new Uint8Array(count * LINKS_PER_TX).fill(0xff);
  for (let i = 0; i < count; i++) {
    const tx = transactions.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE);
    const kind = tx[0]!;
    const [from, to] = [tx.subarray(1, 21), tx.subarray(21, 41)];
    const fromKey = coversFrom(kind) ? keyOf(from) : undefined;
    if (fromKey !== undefined) {
      links.set(previous(from, fromKey), i * LINKS_PER_TX);
      heads.set(fromKey, i);
    }
    if (!coversTo(kind)) continue;
    const toKey = keyOf(to);
    if (toKey === fromKey) {
      links.copyWithin(i * LINKS_PER_TX + LINK, i * LINKS_PER_TX, i * LINKS_PER_TX + LINK); // to oneself: one chain, one link
    } else {
      links.set(previous(to, toKey), i * LINKS_PER_TX + LINK);
      heads.set(toKey, i);
    }
  }
  store.buckets.historyLinks.put(number, links);
  for (const [key, index] of heads) {
    store.buckets.historyHeads.put(Buffer.from(key, "latin1"), locationBytes(number, index));
    if (packable(number, index)) cache.set(key, number * 2 ** 21 + index);
    else cache.delete(key);
  }
}

export interface HistoryEntry {
  batch: number;
  index: number;
  hash: Uint8Array;
  /** The 146-byte SSZ transaction (the walk reads it anyway to follow the right link). */
  record: Uint8Array;
}

/** Where an address's history continues (keyset pagination): the last entry of the previous page. */
export interface HistoryCursor {
  batch: number;
  index: number;
}

/** A cursor that names no transaction of the address (or a batch not stored): the page cannot continue from it. */
export class HistoryCursorError extends Error {
  override name = "HistoryCursorError";
}

/**
 * The transactions touching `address`, newest first, at most `limit`; with `before`, those older
 * than that entry (which must be one of the address's: a cursor into another chain would walk
 * someone else's history).
 */
export function walkHistory(store: Store, address: Uint8Array, limit: number, before?: HistoryCursor): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  if (address.length !== 20) return out;
  let batch: { number: number; transactions: Uint8Array; links: Uint8Array } | undefined;
  const load = (number: number) => {
    if (batch?.number === number) return batch;
    const [transactions, links] = [store.buckets.batchTransactions.get(number), store.buckets.historyLinks.get(number)];
    if (!transactions || !links) return undefined;
    return (batch = { number, transactions, links });
  };
  /** The entry at (number, index) and the link to the address's previous transaction. */
  const step = (at: Uint8Array, number: number, index: number) => {
    const loaded = load(number);
    if (!loaded) throw new Error(`address history is broken: batch ${number} is not stored`);
    const entry = loaded.transactions.subarray(index * STORED_TX_ENTRY, (index + 1) * STORED_TX_ENTRY);
    const sent = coversFrom(entry[32]!) && Buffer.compare(entry.subarray(33, 53), address) === 0;
    const next = loaded.links.subarray(index * LINKS_PER_TX + (sent ? 0 : LINK), index * LINKS_PER_TX + (sent ? LINK : LINKS_PER_TX));
    if (Buffer.compare(next, NONE) !== 0 && Buffer.compare(next, at) >= 0) throw new Error(`address history is broken: a link at batch ${number} index ${index} does not point back`);
    return { entry, sent, next };
  };
  let at: Uint8Array | undefined = store.buckets.historyHeads.get(address);
  if (before) {
    const loaded = load(before.batch);
    if (!loaded || (before.index + 1) * STORED_TX_ENTRY > loaded.transactions.length) throw new HistoryCursorError(`batch ${before.batch} has no transaction ${before.index}`);
    const { entry, sent, next } = step(locationBytes(before.batch, before.index), before.batch, before.index);
    const received = coversTo(entry[32]!) && Buffer.compare(entry.subarray(53, 73), address) === 0;
    if (!sent && !received) throw new HistoryCursorError(`transaction ${before.index} of batch ${before.batch} is not one of this address's`);
    at = next;
  }
  while (at && Buffer.compare(at, NONE) !== 0 && out.length < limit) {
    const { batch: number, index } = readLocation(at);
    const { entry, next } = step(at, number, index);
    out.push({ batch: number, index, hash: entry.subarray(0, 32), record: entry.subarray(32) });
    at = next;
  }
  return out;
}
