/**
 * A TypeScript reference of the chunk proof's execution (docs/fraud-proofs.md §4 "State
 * transition"; contracts/src/fraud/lib/ChunkTransition.sol, QueuePositions.sol, RecordPositions.sol):
 * the same checks in the same order, on the state before the chunk, stopping at the first invalid
 * position. It also records which accounts the contract will look up, so the proof witnesses
 * exactly those (a missing one reverts MissingWitness, and past a fraud the chunk may name
 * accounts that do not exist).
 */
import { TxKind } from "../protocol/ssz-types.ts";
import { ChunkCursor, type ChunkRecord } from "./chunk-reader.ts";
import { FraudKind, type AccountValue, type ChunkWindow, type PreChunkState, type QueueMessage } from "./fraud-inputs.ts";
import { queuedLeaf, recordLeaf } from "./ssz-leaves.ts";

const MAX_U128 = (1n << 128n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;
const MAX_ACCOUNTS = 2 ** 32;
const hex = (address: Uint8Array) => Buffer.from(address).toString("hex");
const isZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

export interface ChunkExecution {
  /** The first invalid position and its kind; undefined when every position is valid. */
  fraud?: { kind: FraudKind; position: number };
  /** Account indices the proof must witness, increasing (pre-state ones, then created ones). */
  witnesses: number[];
  /** Values of the witnessed accounts after the chunk (or at the fraud). */
  accounts: Map<number, AccountValue>;
  /** Account count after the chunk. */
  count: number;
  /** hash_tree_root(Transaction) of each position executed. */
  txLeaves: Uint8Array[];
}

class WorkingState {
  readonly accounts = new Map<number, AccountValue>();
  readonly created = new Map<string, number>();
  count: number;
  constructor(readonly pre: PreChunkState) {
    this.count = pre.count;
  }

  /** The account at `index` (< count), as the contract's AccountSlots.find reads it. */
  find(index: number): AccountValue {
    let a = this.accounts.get(index);
    if (!a) {
      const v = this.pre.account(index);
      a = { address: Uint8Array.from(v.address), balance: v.balance, nonce: BigInt(v.nonce) };
      this.accounts.set(index, a);
    }
    return a;
  }

  /** Whether `address` has an account now; the existing one is then witnessed (AccountSlots.isLive). */
  isLive(address: Uint8Array): boolean {
    if (this.created.has(hex(address))) return true;
    const index = this.pre.indexOf(address);
    if (index === undefined) return false;
    this.find(index);
    return true;
  }

  create(address: Uint8Array, balance: bigint): void {
    this.accounts.set(this.count, { address: Uint8Array.from(address), balance, nonce: 0n });
    this.created.set(hex(address), this.count);
    this.count++;
  }
}

type Step = { kind: FraudKind } | { leaf: Uint8Array };
const fraud = (kind: FraudKind): Step => ({ kind });

function executeRecord(c: ChunkCursor, s: WorkingState): Step {
  const rec: ChunkRecord = c.record();
  if (c.failed) return fraud(FraudKind.Undecodable);
  if (rec.from >= s.count) return fraud(FraudKind.UnknownAccount);
  const sender = s.find(rec.from);
  let recipient: AccountValue | undefined;
  let to = rec.toRaw;
  if (!rec.rawTo) {
    if (rec.toIndex >= s.count) return fraud(FraudKind.UnknownAccount);
    recipient = s.find(rec.toIndex);
    to = recipient.address;
  } else if (!rec.withdraw && s.isLive(to)) {
    return fraud(FraudKind.DuplicateAccount);
  }
  if (isZero(to)) return fraud(FraudKind.ZeroRecipient);
  const nonce = sender.nonce;
  const total = rec.amount + rec.fee;
  if (nonce === MAX_U64 || total > MAX_U128) return fraud(FraudKind.Overflow);
  if (sender.balance < total) return fraud(FraudKind.InsufficientBalance);
  sender.balance -= total;
  sender.nonce = nonce + 1n;
  const feeAccount = s.find(0);
  if (feeAccount.balance + rec.fee > MAX_U128) return fraud(FraudKind.Overflow);
  feeAccount.balance += rec.fee;
  if (!rec.withdraw) {
    if (recipient) {
      if (recipient.balance + rec.amount > MAX_U128) return fraud(FraudKind.Overflow);
      recipient.balance += rec.amount;
    } else {
      if (s.count === MAX_ACCOUNTS) return fraud(FraudKind.Overflow);
      s.create(to, rec.amount);
    }
  }
  return { leaf: recordLeaf(rec, sender.address, to, nonce) };
}

function executeQueued(c: ChunkCursor, message: QueueMessage, queueIndex: number, s: WorkingState): Step {
  const ref = c.index();
  if (message.amount !== 0n) {
    if (c.failed) return fraud(FraudKind.Undecodable);
    if (ref === 0) {
      if (s.isLive(message.to)) return fraud(FraudKind.QueueMismatch);
      if (s.count === MAX_ACCOUNTS) return fraud(FraudKind.Overflow);
      s.create(message.to, message.amount);
    } else {
      if (ref - 1 >= s.count) return fraud(FraudKind.UnknownAccount);
      const account = s.find(ref - 1);
      if (hex(account.address) !== hex(message.to)) return fraud(FraudKind.QueueMismatch);
      if (account.balance + message.amount > MAX_U128) return fraud(FraudKind.Overflow);
      account.balance += message.amount;
    }
    return { leaf: queuedLeaf(TxKind.deposit, message.to, message.amount, queueIndex) };
  }
  const posted = ref !== 0 ? c.amount() : 0n;
  if (c.failed) return fraud(FraudKind.Undecodable);
  let withdrawn = 0n;
  if (ref === 0) {
    if (s.isLive(message.sender)) return fraud(FraudKind.QueueMismatch);
  } else {
    if (ref - 1 >= s.count) return fraud(FraudKind.UnknownAccount);
    const account = s.find(ref - 1);
    if (hex(account.address) !== hex(message.sender) || posted !== account.balance) return fraud(FraudKind.QueueMismatch);
    withdrawn = account.balance;
    account.balance = 0n;
  }
  return { leaf: queuedLeaf(TxKind.fullExit, message.sender, withdrawn, queueIndex) };
}

/** Executes chunk bytes `data` over `window`; `queue` holds the chunk's queue messages, in order. */
export function executeChunk(data: Uint8Array, window: ChunkWindow, queue: QueueMessage[], pre: PreChunkState): ChunkExecution {
  const c = new ChunkCursor(data);
  const s = new WorkingState(pre);
  const txLeaves: Uint8Array[] = [];
  const result = (fraudFound?: ChunkExecution["fraud"]): ChunkExecution => ({
    fraud: fraudFound,
    witnesses: [...s.accounts.keys()].sort((a, b) => a - b),
    accounts: s.accounts,
    count: s.count,
    txLeaves,
  });
  for (let p = window.start; p < window.end; p++) {
    const step = p < window.queueCount
      ? executeQueued(c, queue[p - window.start]!, window.queueBase + p, s)
      : executeRecord(c, s);
    if ("kind" in step) return result({ kind: step.kind, position: p });
    txLeaves.push(step.leaf);
  }
  if (!c.done) return result({ kind: FraudKind.Undecodable, position: window.end - 1 });
  return result();
}
