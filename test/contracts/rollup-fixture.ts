/**
 * A deployed Rollup (v2) plus the L2 data behind each committed batch (accounts, exits, framed v2
 * data) and each commit (its batch leaves), so tests can commit valid batches, one or many per
 * commit, and build withdraw / escape calls and fraud-proof BatchRefs. The fraud modules are one
 * TestFraudModule (contracts/src/test-helpers/) for all three slots unless the test passes others.
 */
import assert from "node:assert/strict";
import { type Contract, type Interface, type JsonRpcSigner } from "ethers";
import type { Account, BatchHeader, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { batchLeaf, commitBranch, escapeArgs, keccakMerkleRoot, withdrawArgs, COMMIT_TREE_DEPTH, type CommitPosition } from "../../sequencer/l1/withdraw-calldata.ts";
import { dataRoot, framedData, tableRoot, type FramedData } from "./batch-data-v2.ts";
import { getChain, type Chain } from "./hardhat-chain.ts";
import { address, exitProof, exitRoot, headerRoot, headerTuple, makeHeader, stateProof, stateRoot } from "./ssz-lists.ts";

export const CHALLENGE_WINDOW = 3600;
export const INCLUSION_WINDOW = 1800;
const ETH = 10n ** 18n;
export const BOND_REQUIRED = 1n * ETH;

export interface CommittedBatch {
  header: BatchHeader;
  accounts: Account[];
  exits: Withdrawal[];
  /** The posted v2 data (none for the genesis batch). */
  data?: FramedData;
  /** keccak256(uint32 U ‖ tableRoot); zero for the genesis batch. */
  dataRoot: Uint8Array;
  commitIndex: number;
}

export interface CommitInfo {
  index: number;
  firstBatch: number;
  /** keccak256(batchRoot ‖ dataRoot) of each batch, in order. */
  leaves: Uint8Array[];
}

/** One batch to commit; every field has a valid default on top of the previous batch. */
export interface NextBatch {
  accounts?: Account[];
  exits?: Withdrawal[];
  queueCount?: number;
  /** U, the user transactions (default 1). */
  userCount?: number;
  /** framed data to post instead of random chunks (its U is used) */
  data?: FramedData;
  /** raw bytes to post (and hash into dataHash) instead of framed data: for framing errors */
  rawData?: Uint8Array;
  /** header fields to override after the valid ones are computed */
  header?: Partial<BatchHeader>;
  /** bytes per position of the random chunks (default 8) */
  bytesPerPosition?: number;
}

/** Headers and data of a commit not sent yet, with the batches the fixture records once it is. */
export interface PreparedCommit {
  headers: Record<string, unknown>[];
  data: Uint8Array[];
  batches: CommittedBatch[];
}

export interface RollupFixture {
  chain: Chain;
  rollup: Contract; // connected to a non-sequencer user
  asSequencer: Contract;
  sequencer: JsonRpcSigner;
  users: JsonRpcSigner[];
  module: Contract;
  batches: CommittedBatch[];
  commits: CommitInfo[];
  /** Builds the next commit's headers and data on top of the last committed batch. */
  prepare(next: NextBatch[]): Promise<PreparedCommit>;
  /** Sends a prepared commit and records it (it must succeed). */
  send(prepared: PreparedCommit): Promise<{ txHash: string; commitIndex: number }>;
  /** Commits several batches in one commitBatches call. */
  commitMany(next: NextBatch[]): Promise<{ batches: CommittedBatch[]; txHash: string; commitIndex: number }>;
  /** Commits one batch in its own commit. */
  commit(next?: NextBatch): Promise<CommittedBatch & { txHash: string }>;
  /** Where batch `number` sits in its commit (withdraw's commit proof). */
  commitPosition(number: number): CommitPosition;
  /** The BatchRef tuple naming batch `number` (> 0) in a fraud proof. */
  batchRef(number: number): Record<string, unknown>;
  withdrawArgs(batch: number, index: number): unknown[];
  /** escape(...) args for account `index` of batch `batch`'s state (the escape batch, in valid claims). */
  escapeArgs(batch: number, index: number): unknown[];
  /** Sends freeze(); `overrides` as for any ethers call. */
  freeze(overrides?: Record<string, unknown>): Promise<void>;
}

export function account(hex: string, balance: bigint, nonce = 0): Account {
  return { address: address(hex), balance, nonce };
}

export function withdrawal(hex: string, amount: bigint): Withdrawal {
  return { recipient: address(hex), amount };
}

export interface DeployOptions {
  bondRequired?: bigint;
  /** bond the sequencer posts right after deployment (default: bondRequired) */
  bond?: bigint;
  /** module addresses {stateTransition, signature, roots} (default: the TestFraudModule for all) */
  modules?: [string, string, string];
}

/**
 * Deploys a Rollup whose genesis gives users[0..2] 10, 20 and 30 ETH (index 0: the fee account,
 * the sequencer), with the bond posted.
 */
export async function deployRollup(options: DeployOptions = {}): Promise<RollupFixture> {
  const chain = await getChain();
  const [, sequencer, ...users] = chain.signers as [JsonRpcSigner, JsonRpcSigner, ...JsonRpcSigner[]];
  const genesis: Account[] = [
    account(sequencer.address, 0n),
    account(users[0]!.address, 10n * ETH),
    account(users[1]!.address, 20n * ETH),
    account(users[2]!.address, 30n * ETH),
  ];
  const funding = genesis.reduce((sum, a) => sum + a.balance, 0n);
  const module = await chain.deploy("TestFraudModule");
  const moduleAddress = await module.getAddress();
  const bondRequired = options.bondRequired ?? BOND_REQUIRED;
  const deployed = await chain.deploy(
    "Rollup",
    [sequencer.address, stateRoot(genesis), CHALLENGE_WINDOW, INCLUSION_WINDOW, bondRequired, options.modules ?? [moduleAddress, moduleAddress, moduleAddress]],
    funding,
  );
  const rollup = deployed.connect(users[5]!) as Contract;
  const asSequencer = deployed.connect(sequencer) as Contract;
  const bond = options.bond ?? bondRequired;
  if (bond > 0n) await (await asSequencer.getFunction("postBond")({ value: bond })).wait();

  const genesisHeader = genesisBatchHeader(genesis);
  const zero = new Uint8Array(32);
  const batches: CommittedBatch[] = [{ header: genesisHeader, accounts: genesis, exits: [], dataRoot: zero, commitIndex: 0 }];
  const commits: CommitInfo[] = [{ index: 0, firstBatch: 0, leaves: [batchLeaf(genesisHeader, zero)] }];
  assert.equal((await deployed.getFunction("commits")(0)).batchesRoot, hex(keccakMerkleRoot(commits[0]!.leaves, COMMIT_TREE_DEPTH)));

  const fixture: RollupFixture = {
    chain,
    rollup,
    asSequencer,
    sequencer,
    users,
    module,
    batches,
    commits,
    async prepare(next) {
      const timestamp = await chain.now();
      const prepared: PreparedCommit = { headers: [], data: [], batches: [] };
      let parent = batches[batches.length - 1]!;
      for (const n of next) {
        const queueCount = n.queueCount ?? parent.header.queueCount;
        const framed = n.data ?? framedData(queueCount - parent.header.queueCount, n.userCount ?? 1, { bytesPerPosition: n.bytesPerPosition });
        const bytes = n.rawData ?? framed.bytes;
        const accounts = n.accounts ?? parent.accounts;
        const exits = n.exits ?? [];
        const valid = makeHeader({
          number: parent.header.number + 1,
          parentRoot: headerRoot(parent.header),
          stateRoot: stateRoot(accounts),
          exitRoot: exitRoot(exits),
          queueCount,
          timestamp,
          data: bytes,
        });
        const header = { ...valid, ...n.header };
        const batch: CommittedBatch = {
          header, accounts, exits, data: framed, dataRoot: dataRoot(framed.userCount, framed.segments), commitIndex: commits.length,
        };
        prepared.headers.push(headerTuple(header));
        prepared.data.push(bytes);
        prepared.batches.push(batch);
        parent = batch;
      }
      return prepared;
    },
    async send(prepared) {
      const receipt = await (await asSequencer.getFunction("commitBatches")(prepared.headers, prepared.data)).wait();
      const commitIndex = commits.length;
      commits.push({
        index: commitIndex,
        firstBatch: prepared.batches[0]!.header.number,
        leaves: prepared.batches.map((b) => batchLeaf(b.header, b.dataRoot)),
      });
      batches.push(...prepared.batches);
      return { txHash: receipt.hash as string, commitIndex };
    },
    async commitMany(next) {
      const prepared = await fixture.prepare(next);
      return { ...(await fixture.send(prepared)), batches: prepared.batches };
    },
    async commit(next = {}) {
      const { batches: [batch], txHash } = await fixture.commitMany([next]);
      return { ...batch!, txHash };
    },
    commitPosition(number) {
      const batch = batches[number]!;
      const commit = commits[batch.commitIndex]!;
      return { index: commit.index, dataRoot: batch.dataRoot, branch: commitBranch(commit.leaves, number - commit.firstBatch) };
    },
    batchRef(number) {
      const batch = batches[number]!;
      const position = fixture.commitPosition(number);
      return {
        commitIndex: position.index,
        commitBranch: position.branch.map(hex),
        header: headerTuple(batch.header),
        parent: headerTuple(batches[number - 1]!.header),
        userCount: batch.data!.userCount,
        tableRoot: hex(tableRootOf(batch)),
      };
    },
    withdrawArgs(number, index) {
      const batch = batches[number]!;
      const proof = exitProof(batch.exits, index);
      return withdrawArgs({
        header: batch.header, commit: fixture.commitPosition(number), index, length: proof.length, withdrawal: batch.exits[index]!, branch: proof.branch,
      });
    },
    escapeArgs(number, index) {
      const batch = batches[number]!;
      const proof = stateProof(batch.accounts, index);
      return escapeArgs({ index, length: proof.length, account: batch.accounts[index]!, branch: proof.branch });
    },
    async freeze(overrides = {}) {
      await (await rollup.getFunction("freeze")(overrides)).wait();
    },
  };
  return fixture;
}

const tableRootOf = (batch: CommittedBatch): Uint8Array => tableRoot(batch.data!.segments);

function genesisBatchHeader(genesis: Account[]): BatchHeader {
  return {
    number: 0,
    parentRoot: new Uint8Array(32),
    stateRoot: stateRoot(genesis),
    txRoot: exitRoot([]), // hash_tree_root of an empty List[_, 2^16] is the same for both lists
    exitRoot: exitRoot([]),
    queueCount: 0,
    timestamp: 0,
    dataHash: new Uint8Array(32),
  };
}

export const hex = (bytes: Uint8Array): string => "0x" + Buffer.from(bytes).toString("hex");

/** Awaits `action`: "success", the custom error's name of `iface` and its args, or the error itself. */
export async function outcome(action: Promise<unknown>, iface: Interface): Promise<{ name: string; args: unknown[] }> {
  try {
    await action;
    return { name: "success", args: [] };
  } catch (error) {
    const data = revertData(error);
    const parsed = data ? iface.parseError(data) : null;
    if (!parsed) return { name: `no custom error: ${String(error)}`, args: [] };
    return { name: parsed.name, args: [...parsed.args] };
  }
}

/** Awaits `action` and asserts it reverted with the custom error `name` of `iface`; returns its args. */
export async function expectError(action: Promise<unknown>, iface: Interface, name: string): Promise<unknown[]> {
  const result = await outcome(action, iface);
  assert.equal(result.name, name, `expected revert ${name}, got ${result.name}`);
  return result.args;
}

function revertData(error: unknown): string | undefined {
  let e = error as Record<string, unknown> | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.data === "string" && e.data.startsWith("0x")) return e.data;
    e = (e.error ?? (e.info as Record<string, unknown> | undefined)?.error ?? e.cause) as Record<string, unknown> | undefined;
  }
  return undefined;
}
