/**
 * A follower serves only verified state (issue: reads that stay honest). Its WASM state runs
 * ahead of what it verified: a batch is executed before its signatures are checked and stored
 * (poll-run.ts). So the follower's RPC methods and explorer read accounts from the store, which
 * holds exactly the verified batches, and take a state root or Merkle proof from the WASM state
 * only while it equals the verified head's stateRoot (between polls, and whenever the follower
 * is caught up); otherwise the root is the verified head's and a proof is refused for a moment
 * (503, retry, or ask for `?batch=N`).
 */
import type { LoftCore } from "../core/index.ts";
import type { AccountState } from "../core/account-state.ts";
import { ExplorerRequestError } from "../explorer/request-params.ts";
import type { StoreReader } from "../store/store-reader.ts";

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** `core` with its `state` reads replaced by verified ones; `head` gives the verified head's number and stateRoot. */
export function verifiedCore(core: LoftCore, reader: StoreReader, head: () => { number: number; stateRoot: Uint8Array }): LoftCore {
  const inStep = () => equal(core.state.root(), head().stateRoot);
  const verified: Partial<AccountState> = {
    indexOf: (address) => reader.accountIndex(address) ?? -1,
    account: (index) => {
      const record = reader.account(index);
      if (!record) throw new RangeError(`account index ${index} is not stored`);
      return new Uint8Array(record);
    },
    accountInto: (index, out) => void out.set(reader.account(index) ?? new Uint8Array(44)),
    root: () => (inStep() ? core.state.root() : new Uint8Array(head().stateRoot)),
    accountProof: (index) => {
      if (inStep()) return core.state.accountProof(index);
      throw new ExplorerRequestError("address", `the follower is verifying batches past ${head().number}: retry in a moment, or ask for ?batch=${head().number}`, 503);
    },
  };
  const state = new Proxy(core.state, {
    get(target, property, receiver) {
      if (property === "count") return reader.accountCount();
      if (property in verified) return verified[property as keyof AccountState];
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...core, state };
}
