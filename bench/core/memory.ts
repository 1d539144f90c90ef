/** WASM memory per account: a fresh core loaded with n accounts, memory in use divided by n. */
import { loadCore } from "../../sequencer/core/index.ts";
import { makeAccounts } from "./accounts.ts";
import type { Measurement } from "./measure.ts";

const MAX_WASM_BYTES = 2 ** 32;

export async function memoryPerAccount(n: number): Promise<Measurement[]> {
  const core = await loadCore();
  const empty = core.state.memoryUsed();
  core.state.load(makeAccounts(n, 11).bytes);
  core.state.root();
  const perAccount = (core.state.memoryUsed() - empty) / n;
  return [
    { name: `WASM memory per account (after loading ${n} and computing the root)`, unit: "bytes", value: perAccount },
    { name: "accounts that fit in 4 GiB of WASM memory (estimate)", unit: "accounts", value: Math.floor((MAX_WASM_BYTES - empty) / perAccount) },
  ];
}
