/**
 * `loft prove --batch N --l1-rpc URL --rollup ADDR [--send --challenger-key …]`: rebuilds the
 * rollup from L1 alone up to the commit that carries batch N (a follower in a temporary data dir
 * unless --data-dir is given), walks that commit up to N and prints the fraud proof of N that
 * succeeds (docs/fraud-proofs.md §4: function, kind, chunk, position, calldata, and whether an
 * eth_call of it succeeds now), or "batch N is correct: no proof succeeds" after checking that a
 * call of every proof function reverts NoFraud. With --send it sends the proof and prints what
 * the FraudProven event says. Returns the process exit code.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import type { Logger } from "pino";
import type { NodeConfig } from "../config/node-config.ts";
import { loadCore } from "../core/index.ts";
import { startFollower, type RunningFollower } from "../follower/start-follower.ts";
import { loftDomain } from "../protocol/eip712.ts";
import { FRAUD_KIND_NAMES, type BatchProof } from "./batch-proof-search.ts";
import { buildProof } from "./challenger-build.ts";
import { committedBatchesOf, storedQueueOf } from "./challenger-evidence.ts";
import { checkProof, sendProof } from "./challenger-send.ts";
import type { FraudKind } from "./fraud-inputs.ts";

/** Catching up stops when the follower makes no progress for this long (L1 unreachable, say). */
const STALL_MS = 60_000;

const describe = (p: BatchProof) => `${p.fn} proves ${FRAUD_KIND_NAMES[p.kind as FraudKind]} (kind ${p.kind}) at chunk ${p.chunk}, position ${p.position}`;

async function catchUp(running: RunningFollower, until: number): Promise<void> {
  const { follower } = running;
  let last = follower.head.number;
  let progressAt = Date.now();
  while (follower.head.number < until && !follower.mismatch && !follower.frozen) {
    await follower.poll();
    if (follower.head.number !== last) {
      last = follower.head.number;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > STALL_MS) {
      throw new Error(`the follower is stuck at batch ${last} (needs ${until}): is L1 reachable and past --l1-confirmations?`);
    }
    if (follower.head.number < until) await new Promise((r) => setTimeout(r, 250));
  }
}

export async function proveCommand(config: NodeConfig, log: Logger, print: (line: string) => void = console.log): Promise<number> {
  const n = config.batch!;
  const temporary = config.given.includes("data-dir") ? undefined : mkdtempSync(join(tmpdir(), "loft-prove-"));
  const running = await startFollower({
    l1Rpc: config.l1Rpc!, rollup: config.rollup!, dataDir: temporary ?? config.dataDir, confirmations: config.l1Confirmations,
    devAccounts: config.devAccounts, stopBeforeBatch: n, ...(config.signatureWorkers ? { signatureWorkers: config.signatureWorkers } : {}),
  });
  try {
    const { follower, provider } = running;
    const batches = await committedBatchesOf(provider, config.l1Rpc!, config.rollup!, n, running.deployBlock);
    const first = batches[0]!.number;
    log.info({ batch: n, commit: batches[0]!.commitIndex, firstBatch: first, dataDir: temporary ?? config.dataDir }, `rebuilding the state before commit ${batches[0]!.commitIndex} (batches ${first}–${batches.at(-1)!.number}) from L1`);
    await catchUp(running, first - 1);
    if (follower.head.number >= n) {
      print(`batch ${n} is correct: no proof succeeds (this data dir's follower verified it: head ${follower.head.number})`);
      return 0;
    }
    const mismatch = follower.mismatch;
    if (mismatch && mismatch.batch < n) {
      print(`batch ${mismatch.batch}, before ${n}, does not verify (${mismatch.field}: ${mismatch.detail}): the state before batch ${n} cannot be rebuilt; prove batch ${mismatch.batch} first (loft prove --batch ${mismatch.batch})`);
      return 1;
    }
    if (follower.frozen) {
      const frozen = follower.frozen;
      const why = frozen.cause === "fraud"
        ? `batch ${frozen.provenBatch} was proven wrong in ${frozen.l1TxHash}`
        : `queue message ${frozen.staleQueueIndex} waited past the inclusion window; freeze() in ${frozen.l1TxHash}`;
      print(`the rollup is frozen (${why}; escape batch ${frozen.escapeBatch}): no proof is accepted any more`);
      return 1;
    }
    const domain = loftDomain(running.chainId, config.rollup!);
    const built = await buildProof({
      provider, rpcUrl: config.l1Rpc!, rollup: config.rollup!, deployBlock: running.deployBlock, domain,
      reader: running.reader, head: follower.head, core: await loadCore(),
      storedQueue: storedQueueOf(running.store),
    }, n, { batches, every: true });
    const proof = built.search.proof;
    if (!proof) {
      const results = await Promise.all(built.search.every.map(async (p) => ({ p, reason: await checkProof(provider, config.rollup!, p.calldata) })));
      const unexpected = results.filter((r) => r.reason !== "NoFraud()");
      if (unexpected.length === 0) {
        print(`batch ${n} is correct: no proof succeeds (each of ${results.length} proof calls reverts NoFraud)`);
        return 0;
      }
      for (const { p, reason } of unexpected) print(`batch ${n}: ${p.fn} of chunk ${p.chunk} ${reason === undefined ? "would succeed" : `reverts ${reason}`}, though the builder finds no fraud`);
      return 1;
    }
    if (built.batch !== n) print(`batch ${built.batch}, before ${n} in the same commit, is wrong: it is the one to prove`);
    const wallet = config.challengerKey ? new Wallet(config.challengerKey, provider) : undefined;
    const now = await checkProof(provider, config.rollup!, proof.calldata, wallet?.address);
    print(`batch ${built.batch}: ${describe(proof)}`);
    print(`function: ${proof.fn}`);
    print(`kind: ${FRAUD_KIND_NAMES[proof.kind as FraudKind]} (${proof.kind})`);
    print(`chunk: ${proof.chunk}`);
    print(`position: ${proof.position}`);
    print(`eth_call now: ${now === undefined ? "succeeds" : `reverts ${now}`}`);
    print(`calldata: ${proof.calldata}`);
    if (now?.startsWith("CommitFinal")) print(`batch ${built.batch} is final already (its commit's challenge window is over): no fraud proof of it can be accepted any more`);
    if (!config.send) return now === undefined ? 0 : 1;
    const outcome = await sendProof(wallet!, config.rollup!, proof.calldata);
    if (!outcome.ok) {
      print(`sent: the proof failed: ${outcome.error}${outcome.l1TxHash ? ` (${outcome.l1TxHash})` : ""}`);
      return 1;
    }
    const kind = FRAUD_KIND_NAMES[outcome.proven.kind as FraudKind] ?? outcome.proven.kind;
    print(`sent: FraudProven batch ${outcome.proven.batch}, ${kind} at chunk ${outcome.proven.chunk}, position ${outcome.proven.position}; reward ${outcome.proven.reward} wei to ${outcome.proven.prover} (${outcome.l1TxHash}, gas ${outcome.gasUsed})`);
    return 0;
  } finally {
    await running.close();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}
