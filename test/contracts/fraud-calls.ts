/**
 * Fraud-proof calls for the contract tests (docs/fraud-proofs.md §4): batch data whose entries have
 * known preimages (so a PreState can be proven), the ChunkRef / PreState tuples, and a handle that
 * sends the provers' selectors to the Rollup (which delegatecalls its modules) and decodes the
 * errors of both. The TestFraudModule decides by a chunk's first byte: 0xff fraud, 0xfe probe.
 */
import { Contract, Interface, hexlify, randomBytes, sha256, type Fragment, type JsonRpcSigner } from "ethers";
import { keccak_256 } from "@noble/hashes/sha3";
import { chunkCount, frameBatchData, tableBranch, type FramedData, type Segment } from "./batch-data-v2.ts";
import type { RollupFixture } from "./rollup-fixture.ts";

export const FRAUD = 0xff;
export const PROBE = 0xfe;
export const HONEST = 0x00;

/** Framed data whose entry_c = sha256(stateRoots[c] ‖ txSubtrees[c]); chunk c starts with firstByte(c). */
export interface ProvableData extends FramedData {
  stateRoots: Uint8Array[];
  txSubtrees: Uint8Array[];
}

export function provableData(queuePositions: number, userCount: number, firstByte: (c: number) => number = () => HONEST): ProvableData {
  const n = chunkCount(queuePositions + userCount);
  const stateRoots = Array.from({ length: n }, () => randomBytes(32));
  const txSubtrees = Array.from({ length: n }, () => randomBytes(32));
  const segments: Segment[] = stateRoots.map((root, c) => ({
    entry: Uint8Array.from(Buffer.from(sha256(Buffer.concat([root, txSubtrees[c]!])).slice(2), "hex")),
    chunk: Uint8Array.from([firstByte(c), ...randomBytes(20)]),
  }));
  return { userCount, segments, bytes: frameBatchData(userCount, segments), stateRoots, txSubtrees };
}

const zero32 = hexlify(new Uint8Array(32));
const zeroAddress = hexlify(new Uint8Array(20));

export function chunkRef(data: FramedData, index: number): Record<string, unknown> {
  const segment = data.segments[index]!;
  return { index, entry: hexlify(segment.entry), branch: tableBranch(data.segments, index).map(hexlify), data: hexlify(segment.chunk) };
}

/** The PreState of chunk `index`: ignored for chunk 0, else entry_{index−1}'s preimage and leaf branch. */
export function preState(data: ProvableData, index: number): Record<string, unknown> {
  if (index === 0) return { stateRoot: zero32, txSubtree: zero32, chunkHash: zero32, branch: Array(11).fill(zero32) };
  const c = index - 1;
  return {
    stateRoot: hexlify(data.stateRoots[c]!),
    txSubtree: hexlify(data.txSubtrees[c]!),
    chunkHash: hexlify(keccak_256(data.segments[c]!.chunk)),
    branch: tableBranch(data.segments, c).map(hexlify),
  };
}

/** The Rollup's interface plus the TestFraudModule's functions and errors. */
export function proverInterface(f: RollupFixture): Interface {
  const seen = new Set<string>();
  const fragments: Fragment[] = [];
  for (const fragment of [...f.rollup.interface.fragments, ...f.module.interface.fragments]) {
    if (fragment.type === "constructor" || fragment.type === "fallback") continue;
    const key = fragment.format("sighash");
    if (seen.has(key)) continue;
    seen.add(key);
    fragments.push(fragment);
  }
  return new Interface(fragments);
}

/** The Rollup as the provers' selectors see it, sent by `signer` (default users[6]). */
export async function prover(f: RollupFixture, signer?: JsonRpcSigner): Promise<Contract> {
  return new Contract(await f.rollup.getAddress(), proverInterface(f), signer ?? f.users[6]!);
}

/** proveStateTransition(ref, chunk, pre, [], {0, []}) of chunk `index` of batch `number`. */
export function stateTransitionArgs(f: RollupFixture, number: number, index: number): unknown[] {
  const data = f.batches[number]!.data as ProvableData;
  return [f.batchRef(number), chunkRef(data, index), preState(data, index), [], { length: 0, nodes: [] }];
}

/**
 * proveSignature(ref, entry, position, transaction, branch) for the TestFraudModule, which decides
 * by the transaction's kind: chunk `index`'s first byte, as the other provers' calls decide by it.
 */
export function signatureArgs(f: RollupFixture, number: number, index: number, position: number): unknown[] {
  const data = f.batches[number]!.data as ProvableData;
  const transaction = { kind: data.segments[index]!.chunk[0]!, from: zeroAddress, to: zeroAddress, amount: 0n, fee: 0n, nonce: 0n, v: 27, r: zero32, s: zero32 };
  // preState(data, index + 1) is entry_index's preimage, the EntryPreimage proveSignature takes.
  return [f.batchRef(number), preState(data, index + 1), position, transaction, Array(5).fill(zero32)];
}
