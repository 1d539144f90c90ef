/**
 * The account state after any stored batch, for proofs against an older state root than the
 * latest one: escapes prove against the escape batch's state (protocol.md §5), and
 * `/api/accounts/:address?batch=N` against batch N's. The store keeps only the latest accounts,
 * but every batch's executed transactions (queue messages included, full exits with the amount
 * they withdrew): a WASM core of its own is loaded with the genesis accounts and those
 * transactions are executed again, batch by batch, each checked against its header's stateRoot.
 * On a follower every stored batch was verified from L1, so this is L1 data alone.
 *
 * One state is kept: a later batch continues from it, an earlier one starts again from genesis
 * (after a freeze every request is for the escape batch, so it is built once). The replay yields
 * to the event loop between batches, so the node keeps serving while it runs.
 */
import { hexlify } from "ethers";
import { loadCore, TxStatus, type LoftCore } from "../core/index.ts";
import { BatchHeader, TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";

export class StateReplayError extends Error {
  override name = "StateReplayError";
}

export interface BatchState {
  batch: number;
  stateRoot: Uint8Array;
  core: LoftCore;
}

type Reader = Pick<StoreReader, "batch" | "batchTransactions" | "latestSealed">;

export class StateAtBatch {
  private state: { batch: number; queueCount: number; core: LoftCore } | undefined;
  private building: Promise<unknown> = Promise.resolve();

  /** `genesisRecords`: the genesis accounts (44-byte records, index order). */
  constructor(private readonly reader: Reader, private readonly genesisRecords: Uint8Array, private readonly genesisStateRoot: Uint8Array) {}

  /**
   * Runs `read` on the state after stored batch `batch` (0 = genesis). Calls are served one at a
   * time and `read` runs synchronously, so no other replay moves the state under it.
   */
  read<T>(batch: number, read: (state: BatchState) => T): Promise<T> {
    const result = this.building.then(async () => read(await this.build(batch)));
    this.building = result.catch(() => {});
    return result;
  }

  private async build(batch: number): Promise<BatchState> {
    const latest = this.reader.latestSealed() ?? 0;
    if (!Number.isSafeInteger(batch) || batch < 0 || batch > latest) throw new StateReplayError(`batch ${batch} is not stored (latest ${latest})`);
    if (!this.state || this.state.batch > batch) {
      const core = this.state?.core ?? (await loadCore());
      core.state.clear();
      core.state.load(this.genesisRecords);
      if (hexlify(core.state.root()) !== hexlify(this.genesisStateRoot)) throw new StateReplayError("the genesis accounts do not give the genesis state root");
      this.state = { batch: 0, queueCount: 0, core };
    }
    const state = this.state;
    while (state.batch < batch) {
      const number = state.batch + 1;
      const record = this.reader.batch(number);
      if (!record) throw new StateReplayError(`batch ${number} is not stored`);
      const header = BatchHeader.deserialize(new Uint8Array(record.header));
      const stored = this.reader.batchTransactions(number, 0, record.txCount);
      const input = new Uint8Array(stored.length * TRANSACTION_SIZE);
      stored.forEach((tx, i) => input.set(tx.record, i * TRANSACTION_SIZE));
      let result;
      try {
        result = state.core.executor.execute(input, state.queueCount);
      } catch (error) {
        this.state = undefined; // the core may be half-way through a batch
        throw new StateReplayError(`batch ${number} does not execute again: ${(error as Error).message}`);
      }
      const bad = result.statuses.findIndex((s) => s !== TxStatus.Ok);
      if (bad >= 0 || hexlify(result.stateRoot) !== hexlify(header.stateRoot)) {
        this.state = undefined;
        throw new StateReplayError(`batch ${number} executed again ${bad >= 0 ? `rejects transaction ${bad}` : `gives state root ${hexlify(result.stateRoot)}, its header says ${hexlify(header.stateRoot)}`}`);
      }
      state.batch = number;
      state.queueCount = header.queueCount;
      if (number < batch) await new Promise((resolve) => setImmediate(resolve));
    }
    return { batch, stateRoot: state.core.state.root(), core: state.core };
  }
}

