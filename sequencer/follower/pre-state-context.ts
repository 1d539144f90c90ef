/**
 * The decoder's view of the state before a batch: the WASM state as it is now. Called once or
 * twice per decoded transaction, so it allocates nothing: one scratch record, re-read only when
 * the index changes (a sender's address and then its nonce are one read).
 */
import type { LoftCore } from "../core/index.ts";
import type { DecodeContext } from "../batch-data/decode-batch-data.ts";

const ACCOUNT_SIZE = 44;
const NONCE_OFFSET = 36;

export function preStateContext(core: LoftCore): DecodeContext {
  const scratch = new Uint8Array(ACCOUNT_SIZE);
  const address = scratch.subarray(0, 20);
  const view = new DataView(scratch.buffer);
  let loaded = -1;
  const load = (index: number) => {
    if (index !== loaded) core.state.accountInto(index, scratch);
    loaded = index;
  };
  return {
    accountCount: core.state.count,
    addressAt: (index) => {
      load(index);
      return address; // the decoder copies it at once (DecodeContext)
    },
    nonceAt: (index) => {
      load(index);
      return view.getUint32(NONCE_OFFSET, true) + view.getUint32(NONCE_OFFSET + 4, true) * 2 ** 32;
    },
    indexOf: (address) => {
      const index = core.state.indexOf(address);
      return index < 0 ? undefined : index;
    },
  };
}

/** Byte equality without hex strings (per-batch roots and hashes). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
