/**
 * SSZ reference data for the contract tests, all from @chainsafe/ssz: list roots and single-leaf
 * branches (bottom-up siblings below the length mix-in), headers and their roots.
 */
import { keccak256, randomBytes } from "ethers";
import type { Node } from "@chainsafe/persistent-merkle-tree";
import {
  BatchHeader,
  ExitList,
  StateList,
  type Account,
  type BatchHeader as BatchHeaderValue,
  type Withdrawal,
} from "../../sequencer/protocol/ssz-types.ts";

export interface ListProof {
  root: Uint8Array;
  length: number;
  branch: Uint8Array[];
}

function branchOf(rootNode: Node, chunkDepth: number, index: number): Uint8Array[] {
  const siblings: Uint8Array[] = [];
  let node = rootNode.left; // the data tree; rootNode.right is the length chunk
  for (let level = chunkDepth - 1; level >= 0; level--) {
    const goRight = Math.floor(index / 2 ** level) % 2 === 1;
    siblings.push(goRight ? node.left.root : node.right.root);
    node = goRight ? node.right : node.left;
  }
  return siblings.reverse();
}

export function exitProof(exits: Withdrawal[], index: number): ListProof {
  const view = ExitList.toView(exits);
  return { root: view.hashTreeRoot(), length: exits.length, branch: branchOf(view.node, ExitList.chunkDepth, index) };
}

export function stateProof(accounts: Account[], index: number): ListProof {
  const view = StateList.toView(accounts);
  return { root: view.hashTreeRoot(), length: accounts.length, branch: branchOf(view.node, StateList.chunkDepth, index) };
}

export const exitRoot = (exits: Withdrawal[]): Uint8Array => ExitList.hashTreeRoot(exits);
export const stateRoot = (accounts: Account[]): Uint8Array => StateList.hashTreeRoot(accounts);
export const headerRoot = (header: BatchHeaderValue): Uint8Array => BatchHeader.hashTreeRoot(header);

export function address(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));
}

/** A header over the given roots; txRoot is random (the contract never reads it), dataHash = keccak(data). */
export function makeHeader(fields: {
  number: number;
  parentRoot: Uint8Array;
  stateRoot: Uint8Array;
  exitRoot: Uint8Array;
  queueCount: number;
  timestamp: number;
  data: Uint8Array;
}): BatchHeaderValue {
  return {
    number: fields.number,
    parentRoot: fields.parentRoot,
    stateRoot: fields.stateRoot,
    txRoot: randomBytes(32),
    exitRoot: fields.exitRoot,
    queueCount: fields.queueCount,
    timestamp: fields.timestamp,
    dataHash: address(keccak256(fields.data)),
  };
}

/** The header as the ABI tuple commitBatch takes. */
export function headerTuple(header: BatchHeaderValue): Record<string, unknown> {
  const hex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");
  return {
    number: header.number,
    parentRoot: hex(header.parentRoot),
    stateRoot: hex(header.stateRoot),
    txRoot: hex(header.txRoot),
    exitRoot: hex(header.exitRoot),
    queueCount: header.queueCount,
    timestamp: header.timestamp,
    dataHash: hex(header.dataHash),
  };
}
