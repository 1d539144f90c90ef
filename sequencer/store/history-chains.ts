/**
 * Address history as chains. Each transaction stores where the previous transaction of its sender
 * and of its recipient is (two 12-byte locations, one value per batch under the batch number, so
 * appended), and each address's newest transaction is one entry in historyHeads: one put per
 * address a batch touched, as for its accounts. An address's history, newest first, follows the
 * links. (Schema 1 put two entries per transaction under random address-prefixed keys, and at
 * a few hundred thousand transactions nearly every one copied a 4 KB LMDB page: bench:store.)
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

/** Links batch `number`'s transactions into their addresses' chains. Call inside the batch's write transaction. */
export function putHistoryLinks(store: Store, number: number, transactions: Uint8Array, count: number): void {
  const heads = new Map<string, Uint8Array>();
  const previous = (address: Uint8Array, key: string): Uint8Array => heads.get(key) ?? store.buckets.historyHeads.get(address) ?? NONE;
  const links = new Uint8Array(count * LINKS_PER_TX).fill(0xff);
  for (let i = 0; i < count; i++) {
    const tx = transactions.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE);
    const kind = tx[0]!;
    const [from, to] = [tx.subarray(1, 21), tx.subarray(21, 41)];
    const here = locationBytes(number, i);
    const fromKey = coversFrom(kind) ? keyOf(from) : undefined;
    if (fromKey !== undefined) {
      links.set(previous(from, fromKey), i * LINKS_PER_TX);
      heads.set(fromKey, here);
    }
    if (!coversTo(kind)) continue;
    const toKey = keyOf(to);
    if (toKey === fromKey) {
      links.copyWithin(i * LINKS_PER_TX + LINK, i * LINKS_PER_TX, i * LINKS_PER_TX + LINK); // to oneself: one chain, one link
    } else {
      links.set(previous(to, toKey), i * LINKS_PER_TX + LINK);
      heads.set(toKey, here);
    }
  }
  store.buckets.historyLinks.put(number, links);
  for (const [key, location] of heads) store.buckets.historyHeads.put(Buffer.from(key, "latin1"), location);
}

export interface HistoryEntry {
  batch: number;
  index: number;
  hash: Uint8Array;
}

/** The transactions touching `address`, newest first, at most `limit`. */
export function walkHistory(store: Store, address: Uint8Array, limit: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  let at: Uint8Array | undefined = address.length === 20 ? store.buckets.historyHeads.get(address) : undefined;
  let batch: { number: number; transactions: Uint8Array; links: Uint8Array } | undefined;
  while (at && Buffer.compare(at, NONE) !== 0 && out.length < limit) {
    const { batch: number, index } = readLocation(at);
    if (batch?.number !== number) {
      const [transactions, links] = [store.buckets.batchTransactions.get(number), store.buckets.historyLinks.get(number)];
      if (!transactions || !links) throw new Error(`address history is broken: batch ${number} is not stored`);
      batch = { number, transactions, links };
    }
    const entry = batch.transactions.subarray(index * STORED_TX_ENTRY, (index + 1) * STORED_TX_ENTRY);
    out.push({ batch: number, index, hash: entry.subarray(0, 32) });
    const sent = coversFrom(entry[32]!) && Buffer.compare(entry.subarray(33, 53), address) === 0;
    const next = batch.links.subarray(index * LINKS_PER_TX + (sent ? 0 : LINK), index * LINKS_PER_TX + (sent ? LINK : LINKS_PER_TX));
    if (Buffer.compare(next, NONE) !== 0 && Buffer.compare(next, at) >= 0) throw new Error(`address history is broken: a link at batch ${number} index ${index} does not point back`);
    at = next;
  }
  return out;
}
