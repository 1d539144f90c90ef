/**
 * The `commitBatches(BatchHeader[] headers, bytes[] data)` call of one commit (consecutive stored
 * batches, docs/fraud-proofs.md §3), its size before it is built, its strict decoder and its gas
 * limit. Several commits are in flight at once, so the limit cannot come from eth_estimateGas
 * (commit k+1 reverts against a chain without commit k): it is computed from the calldata, under
 * both the standard and the EIP-7623 floor pricing, plus an allowance for the contract's work.
 */
import { getBytes, id } from "ethers";
import type { BatchHeader } from "../protocol/ssz-types.ts";

/** The canonical signature (selector preimage); test/l1 checks it against the compiled Rollup's ABI. */
export const COMMIT_BATCHES_SIGNATURE = "commitBatches((uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32)[],bytes[])";
const SELECTOR = getBytes(id(COMMIT_BATCHES_SIGNATURE)).subarray(0, 4);

/** The contract's limit on batches per commit (its commit tree has depth 8). */
export const MAX_BATCHES_PER_COMMIT = 256;

/**
 * The largest commit calldata the poster builds (unless one batch alone is larger): geth and its
 * forks refuse a non-blob transaction above 128 KiB (txpool txMaxSize), and the signed envelope
 * (RLP, fees, signature) adds about 150 bytes to the calldata.
 */
export const MAX_COMMIT_CALLDATA_BYTES = 131_072 - 1_024;

/**
 * The contract's work besides the calldata, as gas: a fixed part (the commit record, the chain
 * slot, the event, the bond check), a part per batch (its header checks, SHA-256 header root,
 * batch leaf, its share of the depth-8 commit tree), a part per chunk (the keccak of its bytes and
 * its leaf, its share of the depth-11 table tree) and a part per data byte (keccak of the data,
 * memory). Measured on Hardhat without the EIP-7623 floor (so that execution shows in gasUsed):
 * one small batch executes 119.7k, 256 small batches 2.75M (a fit of 109k + 10.3k per batch),
 * 100 batches of 20 tiny chunks 2.18M (≈ 520 per chunk beyond that), one 120 KB batch of 50
 * chunks 253k. These allowances leave a third or more of head room: an under-estimate would
 * revert a commit out of gas, an over-estimate costs nothing. The largest limit, 256 batches of
 * many chunks in 128 KB, stays well under EIP-7825's 2^24 cap.
 */
export const COMMIT_EXECUTION_BASE = 150_000n;
export const COMMIT_EXECUTION_PER_BATCH = 15_000n;
export const COMMIT_EXECUTION_PER_CHUNK = 700n;
export const COMMIT_EXECUTION_PER_DATA_BYTE = 4n;

export interface CommitBatch {
  header: BatchHeader;
  data: Uint8Array;
}

const WORD = 32;
const HEADER_WORDS = 8;
const padded = (length: number) => Math.ceil(length / WORD) * WORD;

/** The calldata size of a commit whose batches' data have these lengths (without building it). */
export function commitCalldataSize(dataLengths: readonly number[]): number {
  let size = 4 + 2 * WORD + WORD + dataLengths.length * HEADER_WORDS * WORD + WORD + dataLengths.length * WORD;
  for (const length of dataLengths) size += WORD + padded(length);
  return size;
}

export function commitCalldata(batches: readonly CommitBatch[]): string {
  return `0x${Buffer.from(commitCalldataBytes(batches)).toString("hex")}`;
}

/**
 * ABI encoding of commitBatches(headers, data) written directly, equal to ethers'
 * `encodeFunctionData` (tested) without its per-byte hex handling of ~128 KB: the offsets of the
 * two arrays; the headers array (length, then each static 8-word tuple inline); the data array
 * (length, one offset per element relative to the word after the length, then each element as
 * length and bytes zero-padded to 32).
 */
export function commitCalldataBytes(batches: readonly CommitBatch[]): Uint8Array {
  const n = batches.length;
  if (n < 1 || n > MAX_BATCHES_PER_COMMIT) throw new RangeError(`a commit carries 1 to ${MAX_BATCHES_PER_COMMIT} batches, not ${n}`);
  const out = new Uint8Array(commitCalldataSize(batches.map((b) => b.data.length)));
  const view = new DataView(out.buffer);
  const uint = (at: number, value: number) => view.setBigUint64(at + 24, BigInt(value));
  out.set(SELECTOR, 0);
  const args = 4;
  const headersAt = 2 * WORD;
  const dataAt = headersAt + WORD + n * HEADER_WORDS * WORD;
  uint(args, headersAt);
  uint(args + WORD, dataAt);
  uint(args + headersAt, n);
  batches.forEach(({ header }, i) => {
    const at = args + headersAt + WORD + i * HEADER_WORDS * WORD;
    uint(at, header.number);
    out.set(header.parentRoot, at + WORD);
    out.set(header.stateRoot, at + 2 * WORD);
    out.set(header.txRoot, at + 3 * WORD);
    out.set(header.exitRoot, at + 4 * WORD);
    uint(at + 5 * WORD, header.queueCount);
    uint(at + 6 * WORD, header.timestamp);
    out.set(header.dataHash, at + 7 * WORD);
  });
  uint(args + dataAt, n);
  const elements = args + dataAt + WORD; // offsets of the elements count from here
  let offset = n * WORD;
  batches.forEach(({ data }, i) => {
    uint(elements + i * WORD, offset);
    uint(elements + offset, data.length);
    out.set(data, elements + offset + WORD);
    offset += WORD + padded(data.length);
  });
  return out;
}

/**
 * The segments (chunks) of v2 batch data, by walking its framing (docs/fraud-proofs.md §2:
 * 0x02 ‖ varint U ‖ (entry ‖ u16 L ‖ L bytes)*); for data that does not frame, the most segments
 * its length could hold, so the gas limit errs high.
 */
export function chunkCountOf(data: Uint8Array): number {
  const most = Math.ceil(data.length / 34);
  if (data[0] !== 2) return most;
  let offset = 1;
  while (offset < data.length && offset < 6 && data[offset]! & 0x80) offset++;
  offset++;
  let chunks = 0;
  while (offset + 34 <= data.length) {
    offset += 34 + ((data[offset + 32]! << 8) | data[offset + 33]!);
    chunks++;
  }
  return offset === data.length ? chunks : most;
}

/**
 * Gas for a commit: intrinsic, calldata (standard or EIP-7623 floor, whichever is higher) and the
 * contract's work; `chunkCount` (all its batches' chunks) is read from the calldata when not given.
 */
export function commitGasLimit(calldata: string | Uint8Array, batchCount: number, chunkCount?: number): bigint {
  const bytes = typeof calldata === "string" ? Buffer.from(calldata.slice(2), "hex") : calldata;
  const chunks = chunkCount ?? decodeCommitCalldata(bytes).reduce((sum, batch) => sum + chunkCountOf(batch.data), 0);
  let zero = 0n;
  for (const byte of bytes) if (byte === 0) zero++;
  const nonZero = BigInt(bytes.length) - zero;
  const execution = COMMIT_EXECUTION_BASE + COMMIT_EXECUTION_PER_BATCH * BigInt(batchCount) + COMMIT_EXECUTION_PER_CHUNK * BigInt(chunks) + COMMIT_EXECUTION_PER_DATA_BYTE * BigInt(bytes.length);
  const standard = 4n * zero + 16n * nonZero + execution;
  const floor = 10n * (zero + 4n * nonZero);
  return 21_000n + (standard > floor ? standard : floor);
}

export class CommitCalldataError extends Error {
  override name = "CommitCalldataError";
}

/**
 * The batches of commitBatches calldata (the inverse of commitCalldataBytes), checked strictly:
 * only the canonical encoding is accepted (every offset where the encoder puts it, zero padding,
 * nothing after the last element), 1 to 256 batches, as many data as headers.
 */
export function decodeCommitCalldata(calldata: Uint8Array): CommitBatch[] {
  if (calldata.length < 4 + 5 * WORD || !SELECTOR.every((b, i) => calldata[i] === b)) throw new CommitCalldataError("not a commitBatches call");
  const view = new DataView(calldata.buffer, calldata.byteOffset, calldata.byteLength);
  const args = 4;
  const need = (end: number, what: string) => {
    if (end > calldata.length) throw new CommitCalldataError(`${what} runs past the calldata (${calldata.length} bytes)`);
  };
  const uintAt = (at: number, what: string) => {
    need(at + WORD, what);
    if (view.getBigUint64(at) !== 0n || view.getBigUint64(at + 8) !== 0n || view.getBigUint64(at + 16) !== 0n) throw new CommitCalldataError(`${what} does not fit uint64`);
    const value = view.getBigUint64(at + 24);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CommitCalldataError(`${what} is above 2^53 - 1`);
    return Number(value);
  };
  const expect = (at: number, what: string, wanted: number) => {
    const value = uintAt(at, what);
    if (value !== wanted) throw new CommitCalldataError(`${what} is ${value}, the canonical encoding has ${wanted}`);
  };
  expect(args, "the offset of headers", 2 * WORD);
  const n = uintAt(args + 2 * WORD, "the number of headers");
  if (n < 1 || n > MAX_BATCHES_PER_COMMIT) throw new CommitCalldataError(`${n} headers: a commit carries 1 to ${MAX_BATCHES_PER_COMMIT} batches`);
  const dataAt = 2 * WORD + WORD + n * HEADER_WORDS * WORD;
  expect(args + WORD, "the offset of data", dataAt);
  const headers: BatchHeader[] = [];
  for (let i = 0; i < n; i++) {
    const at = args + 3 * WORD + i * HEADER_WORDS * WORD;
    const field = (name: string) => `header ${i} ${name}`;
    const bytes32At = (k: number) => calldata.slice(at + k * WORD, at + (k + 1) * WORD);
    need(at + HEADER_WORDS * WORD, `header ${i}`);
    headers.push({
      number: uintAt(at, field("number")), parentRoot: bytes32At(1), stateRoot: bytes32At(2), txRoot: bytes32At(3), exitRoot: bytes32At(4),
      queueCount: uintAt(at + 5 * WORD, field("queueCount")), timestamp: uintAt(at + 6 * WORD, field("timestamp")), dataHash: bytes32At(7),
    });
  }
  expect(args + dataAt, "the number of data", n);
  const elements = args + dataAt + WORD;
  const batches: CommitBatch[] = [];
  let offset = n * WORD;
  for (let i = 0; i < n; i++) {
    expect(elements + i * WORD, `the offset of data ${i}`, offset);
    const length = uintAt(elements + offset, `the length of data ${i}`);
    const start = elements + offset + WORD;
    need(start + padded(length), `data ${i} of ${length} bytes`);
    for (let k = start + length; k < start + padded(length); k++) if (calldata[k] !== 0) throw new CommitCalldataError(`data ${i} has non-zero padding`);
    batches.push({ header: headers[i]!, data: calldata.slice(start, start + length) });
    offset += WORD + padded(length);
  }
  if (elements + offset !== calldata.length) throw new CommitCalldataError(`${calldata.length - elements - offset} bytes after the last data`);
  return batches;
}
