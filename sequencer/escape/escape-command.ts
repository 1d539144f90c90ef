/**
 * `loft escape --address A --l1-rpc URL --rollup ADDR [--send --key-file F]`: once the Rollup is
 * frozen (protocol.md §5), rebuilds the escape batch's state from L1 alone (a follower in a
 * temporary data dir unless --data-dir is given: every batch up to the escape batch re-verified,
 * no sequencer needed), checks it against the Rollup's `escapeStateRoot()`, and prints the
 * account's balance there, its Merkle proof and the exact `escape` calldata, and every deposit A
 * made that no final batch processed with its `reclaimDeposit` calldata (each marked if already
 * paid on L1). With --send it sends them from the key in --key-file (anyone may send them: the
 * money only goes to A) and prints each L1 transaction. Returns the process exit code.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatEther, getAddress, hexlify, Wallet, type JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import type { NodeConfig } from "../config/node-config.ts";
import { startFollower, type RunningFollower } from "../follower/start-follower.ts";
import { escapeClaimIn, isEscaped, unprocessedDeposits } from "./escape-claims.ts";
import { readEscapeHatch, type EscapeHatchState } from "./escape-hatch.ts";
import { StateAtBatch } from "./state-at-batch.ts";
import { GenesisMismatchError } from "../follower/follower-genesis.ts";
import { describeL1Error, isTransientL1Error } from "../l1/l1-errors.ts";
import { shownUrl } from "../l1/l1-rpc.ts";

/** The rebuild gives up when the follower makes no progress for this long (L1 unreachable, say). */
const STALL_MS = 60_000;

export class EscapeCommandError extends Error {
  override name = "EscapeCommandError";
}

/** The hex private key in `file` (one line, 0x optional); the key itself is never printed. */
export function readKeyFile(file: string): string {
  let text;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new EscapeCommandError(`--key-file ${JSON.stringify(file)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(text)) throw new EscapeCommandError(`--key-file ${JSON.stringify(file)}: does not hold a 32-byte hex private key`);
  return text.startsWith("0x") ? text : `0x${text}`;
}

/** Runs the follower until it verified `batch` (nothing after it: stopBeforeBatch). */
async function rebuildTo(running: RunningFollower, batch: number): Promise<void> {
  const { follower } = running;
  let last = follower.head.number;
  let progressAt = Date.now();
  while (follower.head.number < batch) {
    if (follower.mismatch) throw new EscapeCommandError(`batch ${follower.mismatch.batch}, before the escape batch ${batch}, does not verify (${follower.mismatch.field}: ${follower.mismatch.detail}); the escape batch is final on L1, so its state root is what escapes prove against, but this state cannot be rebuilt from L1 data`);
    await follower.poll();
    if (follower.head.number !== last) [last, progressAt] = [follower.head.number, Date.now()];
    else if (Date.now() - progressAt > STALL_MS) throw new EscapeCommandError(`the rebuild is stuck at batch ${last} (needs ${batch}): is L1 reachable and past --l1-confirmations?`);
    if (follower.head.number < batch) await new Promise((r) => setTimeout(r, 250));
  }
}

interface Claim {
  what: string;
  calldata: string;
}

async function send(provider: JsonRpcProvider, key: string, rollup: string, claims: Claim[], print: (line: string) => void): Promise<boolean> {
  const wallet = new Wallet(key, provider);
  let ok = true;
  for (const claim of claims) {
    try {
      const tx = await wallet.sendTransaction({ to: rollup, data: claim.calldata });
      const receipt = await tx.wait();
      print(`sent ${claim.what}: ${receipt?.status === 1 ? "paid" : "failed"} in ${tx.hash} (block ${receipt?.blockNumber}, gas ${receipt?.gasUsed})`);
      ok &&= receipt?.status === 1;
    } catch (error) {
      print(`sent ${claim.what}: reverted: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`);
      ok = false;
    }
  }
  return ok;
}

export async function escapeCommand(config: NodeConfig, log: Logger, print: (line: string) => void = console.log): Promise<number> {
  const address = getAddress(config.address!);
  let key: string | undefined;
  try {
    key = config.send ? readKeyFile(config.keyFile!) : undefined;
  } catch (error) {
    print(`loft escape: ${(error as Error).message}`);
    return 1;
  }
  const temporary = config.given.includes("data-dir") ? undefined : mkdtempSync(join(tmpdir(), "loft-escape-"));
  let running: RunningFollower | undefined;
  try {
    running = await startFollower({
      l1Rpc: config.l1Rpc!, rollup: config.rollup!, dataDir: temporary ?? config.dataDir, confirmations: config.l1Confirmations,
      devAccounts: config.devAccounts, stopBeforeBatch: 1, ...(config.signatureWorkers ? { signatureWorkers: config.signatureWorkers } : {}),
    });
    const { provider } = running;
    const hatch: EscapeHatchState = await readEscapeHatch(provider, config.rollup!);
    if (!hatch.frozen) {
      print(`the Rollup at ${config.rollup} is not frozen: escape opens only once it is (a proven fraud, or freeze() once an L1 queue message waited past the inclusion window); until then withdraw on L2`);
      return 1;
    }
    print(`the rollup is frozen (L1 time ${hatch.frozenAt}): escape batch ${hatch.escapeBatch}, state root ${hatch.escapeStateRoot}, queue messages from ${hatch.escapeQueueCount} unprocessed`);
    log.info({ escapeBatch: hatch.escapeBatch, dataDir: temporary ?? config.dataDir }, `rebuilding the state of batch ${hatch.escapeBatch} from L1`);
    running.follower.stopBefore(hatch.escapeBatch + 1);
    await rebuildTo(running, hatch.escapeBatch);
    const owner = new Uint8Array(Buffer.from(address.slice(2), "hex"));
    // a --data-dir verified past the escape batch (a `loft follow` one): its state is replayed back to it
    const { claim, stateRoot } = running.follower.head.number === hatch.escapeBatch
      ? { claim: escapeClaimIn({ batch: hatch.escapeBatch, stateRoot: running.core.state.root(), core: running.core }, owner), stateRoot: hexlify(running.core.state.root()) }
      : await new StateAtBatch(running.reader, running.genesisRecords, running.genesisStateRoot).read(hatch.escapeBatch, (state) => ({ claim: escapeClaimIn(state, owner), stateRoot: hexlify(state.stateRoot) }));
    if (stateRoot !== hatch.escapeStateRoot) throw new EscapeCommandError(`the state rebuilt up to batch ${hatch.escapeBatch} has root ${stateRoot}, the Rollup's escapeStateRoot is ${hatch.escapeStateRoot}`);
    const claims: Claim[] = [];
    if (!claim) print(`account ${address}: no account in the escape batch's state (nothing to escape)`);
    else {
      const { index, balance, nonce, length, branch } = claim.account;
      print(`account ${address}: index ${index}, balance ${balance} wei (${formatEther(balance)} ETH), nonce ${nonce}; proof: ${branch.length} siblings, list length ${length}`);
      if (!claim.calldata) print("escape: nothing to escape (balance 0)");
      else if (await isEscaped(provider, config.rollup!, index)) print(`escape: already paid on L1 (account index ${index} escaped)`);
      else {
        print(`escape: to ${getAddress(config.rollup!)}, value 0, calldata ${claim.calldata}`);
        claims.push({ what: `escape of ${address} (${formatEther(balance)} ETH)`, calldata: claim.calldata });
      }
    }
    const deposits = await unprocessedDeposits(provider, config.rollup!, hatch, "latest", address);
    for (const d of deposits) {
      const what = `deposit ${d.queueIndex} (${formatEther(d.amount)} ETH to ${d.to})`;
      if (d.reclaimed) print(`reclaim ${what}: already paid on L1`);
      else {
        print(`reclaim ${what}: to ${getAddress(config.rollup!)}, value 0, calldata ${d.calldata}`);
        claims.push({ what: `reclaim of ${what}`, calldata: d.calldata });
      }
    }
    if (deposits.length === 0) print(`no deposit of ${address} is left unprocessed`);
    if (!key || claims.length === 0) return 0;
    return (await send(provider, key, config.rollup!, claims, print)) ? 0 : 1;
  } catch (error) {
    if (error instanceof EscapeCommandError || error instanceof GenesisMismatchError) {
      print(`loft escape: ${error.message}`);
      return 1;
    }
    if (isTransientL1Error(error)) {
      print(`loft escape: L1 at ${shownUrl(config.l1Rpc!)} does not answer (${describeL1Error(error)}): the escape is rebuilt from L1 alone, so it needs a reachable --l1-rpc`);
      return 1;
    }
    throw error;
  } finally {
    await running?.close();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}
