/**
 * A deployed Rollup plus the L2 data behind each committed batch (accounts and exits), so tests
 * can commit valid batches and build withdraw / escape calls from @chainsafe/ssz proofs.
 */
import assert from "node:assert/strict";
import { randomBytes, type Contract, type Interface, type JsonRpcSigner } from "ethers";
import type { Account, BatchHeader, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { escapeArgs, freezeArgs, withdrawArgs } from "../../sequencer/l1/withdraw-calldata.ts";
import { getChain, type Chain } from "./hardhat-chain.ts";
import { address, exitProof, exitRoot, headerRoot, headerTuple, makeHeader, stateProof, stateRoot } from "./ssz-lists.ts";

export const CHALLENGE_WINDOW = 3600;
export const INCLUSION_WINDOW = 1800;
const ETH = 10n ** 18n;

export interface CommittedBatch {
  header: BatchHeader;
  accounts: Account[];
  exits: Withdrawal[];
}

export interface RollupFixture {
  chain: Chain;
  rollup: Contract; // connected to a non-sequencer user
  asSequencer: Contract;
  sequencer: JsonRpcSigner;
  users: JsonRpcSigner[];
  batches: CommittedBatch[];
  /** Commits the next batch with these accounts and exits (defaults: unchanged state, no exits). */
  commit(next?: { accounts?: Account[]; exits?: Withdrawal[]; queueCount?: number; data?: Uint8Array }): Promise<CommittedBatch & { txHash: string }>;
  withdrawArgs(batch: number, index: number): unknown[];
  /** escape(...) args for account `index` of batch `batch`'s state (the escape batch, in valid claims). */
  escapeArgs(batch: number, index: number): unknown[];
  /** freeze(...) args proving the stateRoot of batch `batch` (default: lastFinalBatch() now). */
  freezeArgs(batch?: number): Promise<unknown[]>;
  /** Sends freeze(...) with the right proof; `overrides` as for any ethers call. */
  freeze(overrides?: Record<string, unknown>): Promise<void>;
}

export function account(hex: string, balance: bigint, nonce = 0): Account {
  return { address: address(hex), balance, nonce };
}

export function withdrawal(hex: string, amount: bigint): Withdrawal {
  return { recipient: address(hex), amount };
}

/** Deploys a Rollup whose genesis gives users[0..2] 10, 20 and 30 ETH (index 0: the fee account). */
export async function deployRollup(): Promise<RollupFixture> {
  const chain = await getChain();
  const [, sequencer, ...users] = chain.signers as [JsonRpcSigner, JsonRpcSigner, ...JsonRpcSigner[]];
  const genesis: Account[] = [
    account(sequencer.address, 0n),
    account(users[0]!.address, 10n * ETH),
    account(users[1]!.address, 20n * ETH),
    account(users[2]!.address, 30n * ETH),
  ];
  const funding = genesis.reduce((sum, a) => sum + a.balance, 0n);
  const deployed = await chain.deploy(
    "Rollup",
    [sequencer.address, stateRoot(genesis), CHALLENGE_WINDOW, INCLUSION_WINDOW],
    funding,
  );
  const rollup = deployed.connect(users[5]!) as Contract;
  const asSequencer = deployed.connect(sequencer) as Contract;
  const genesisHeader = await genesisBatchHeader(genesis);
  assert.equal((await deployed.getFunction("batches")(0)).root, hex(headerRoot(genesisHeader)));
  const batches: CommittedBatch[] = [{ header: genesisHeader, accounts: genesis, exits: [] }];

  const fixture: RollupFixture = {
    chain,
    rollup,
    asSequencer,
    sequencer,
    users,
    batches,
    async commit(next = {}) {
      const parent = batches[batches.length - 1]!;
      const accounts = next.accounts ?? parent.accounts;
      const exits = next.exits ?? [];
      const data = next.data ?? randomBytes(80);
      const header = makeHeader({
        number: parent.header.number + 1,
        parentRoot: headerRoot(parent.header),
        stateRoot: stateRoot(accounts),
        exitRoot: exitRoot(exits),
        queueCount: next.queueCount ?? parent.header.queueCount,
        timestamp: await chain.now(),
        data,
      });
      const receipt = await (await asSequencer.getFunction("commitBatch")(headerTuple(header), data)).wait();
      const batch = { header, accounts, exits };
      batches.push(batch);
      return { ...batch, txHash: receipt.hash as string };
    },
    withdrawArgs(number, index) {
      const batch = batches[number]!;
      const proof = exitProof(batch.exits, index);
      return withdrawArgs({ header: batch.header, index, length: proof.length, withdrawal: batch.exits[index]!, branch: proof.branch });
    },
    escapeArgs(number, index) {
      const batch = batches[number]!;
      const proof = stateProof(batch.accounts, index);
      return escapeArgs({ index, length: proof.length, account: batch.accounts[index]!, branch: proof.branch });
    },
    async freezeArgs(number) {
      const batch = number ?? Number(await rollup.getFunction("lastFinalBatch")({ blockTag: "pending" }));
      return freezeArgs(batches[batch]!.header);
    },
    async freeze(overrides = {}) {
      await (await rollup.getFunction("freeze")(...(await fixture.freezeArgs()), overrides)).wait();
    },
  };
  return fixture;
}

async function genesisBatchHeader(genesis: Account[]): Promise<BatchHeader> {
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
