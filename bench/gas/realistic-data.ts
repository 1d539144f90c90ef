/**
 * Realistic v2 batch data for the commit rows, written by the node's own encoder
 * (sequencer/batch-data/encode-batch-data.ts) from signed transactions: the payments of
 * `npm run bench:batch-data` (transfers among 2,000 funded accounts at indices 0–1,999, amounts of
 * 0.001–0.999 ETH, a 21,000 gwei fee, 10% to new addresses, 5% withdrawals), signed through the
 * client path (signWithKey, parseUserTransaction, toSszTransaction), seeded so every run posts
 * the same bytes. The chunk entries are seeded random words: the commit hashes them but never
 * checks them, and a SHA-256 output has the same share of zero bytes.
 */
import { sha256 } from "@noble/hashes/sha2";
import { computeAddress, getAddress, getBytes, hexlify } from "ethers";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { readSegments, chunkCount } from "../../sequencer/batch-data/segments.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { parseUserTransaction } from "../../sequencer/protocol/transaction-params.ts";
import { toSszTransaction } from "../../sequencer/protocol/transaction-hash.ts";
import { Transaction, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { varint, type FramedData } from "../../test/contracts/batch-data-v2.ts";
import { seededRandom } from "../tps/workload-plan.ts";

const ACCOUNTS = 2_000;
const random = seededRandom(0x10f7);
const word = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const keys = Array.from({ length: ACCOUNTS }, (_, i) => sha256(new TextEncoder().encode(`loft bench:gas account ${i}`)));
const addresses = keys.map((k) => getBytes(computeAddress(hexlify(k))));
const indexOf = new Map(addresses.map((a, i) => [hexlify(a), i]));
const context = { accountCount: ACCOUNTS, indexOf: (a: Uint8Array) => indexOf.get(hexlify(a)) };

/** `count` signed payments as 146-byte SSZ records, in order (nonces per sender from 0). */
export function signedRecords(count: number, verifyingContract: string): Uint8Array {
  const separator = domainSeparator(loftDomain(31337n, verifyingContract));
  const nonces = new Array<number>(ACCOUNTS).fill(0);
  const records = new Uint8Array(count * TRANSACTION_SIZE);
  for (let i = 0; i < count; i++) {
    const from = Math.floor(random() * ACCOUNTS);
    const nonce = nonces[from]!++;
    const roll = random();
    const to = getAddress(hexlify(roll < 0.1 ? word(20) : addresses[Math.floor(random() * ACCOUNTS)]!));
    const amount = BigInt(1 + Math.floor(random() * 999)) * 10n ** 15n;
    const fee = 21_000n * 10n ** 9n;
    const request = roll > 0.95 ? { type: "withdraw" as const, recipient: to, amount, fee, nonce } : { type: "transfer" as const, to, amount, fee, nonce };
    const parsed = parseUserTransaction(signWithKey(keys[from]!, separator, request));
    records.set(Transaction.serialize(toSszTransaction(parsed, addresses[from]!)), i * TRANSACTION_SIZE);
  }
  return records;
}

/** The posted data of records [first, first + count) as one batch with no queue message (any size). */
export function encodedBytes(records: Uint8Array, first: number, count: number): Uint8Array {
  const included = records.subarray(first * TRANSACTION_SIZE, (first + count) * TRANSACTION_SIZE);
  if (included.length !== count * TRANSACTION_SIZE) throw new RangeError(`records ${first}…${first + count - 1} of ${records.length / TRANSACTION_SIZE}`);
  return encodeBatchData({ included, queueMessages: 0, chunkEntries: word(chunkCount(count) * 32) }, context);
}

/** encodedBytes framed as the Rollup frames it (at most 128 KB). */
export function encodedBatch(records: Uint8Array, first: number, count: number): FramedData {
  const bytes = encodedBytes(records, first, count);
  const { userCount, segments } = readSegments(bytes, 0);
  return { userCount, segments, bytes };
}

/**
 * Bytes per transaction of posted data, measured on the framing: all of it, the chunks (records),
 * and what is neither a chunk nor the data's head `0x02 ‖ varint U`: the chunk heads
 * (entry_c ‖ u16 length, the intermediate roots' cost).
 */
export function bytesPerTx(data: FramedData): { posted: number; records: number; heads: number } {
  const records = data.segments.reduce((sum, s) => sum + s.chunk.length, 0);
  const heads = data.bytes.length - 1 - varint(data.userCount).length - records;
  const u = data.userCount;
  return { posted: data.bytes.length / u, records: records / u, heads: heads / u };
}
