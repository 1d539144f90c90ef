/** fast-check generators of protocol values, shared by the protocol tests. */
import fc from "fast-check";
import { UINT128_MAX } from "../../sequencer/protocol/hex-params.ts";

export const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
export const uint128 = fc.bigInt({ min: 0n, max: UINT128_MAX });
/** Edge-heavy uint128 values: 0, 1, max and powers of two around byte boundaries. */
export const uint128Edges = fc.oneof(uint128, fc.constantFrom(0n, 1n, UINT128_MAX, 1n << 64n, (1n << 64n) - 1n, 1n << 127n));
export const nonce = fc.oneof(fc.nat(), fc.constantFrom(0, 1, Number.MAX_SAFE_INTEGER));
export const chainId = fc.oneof(fc.constantFrom(1n, 31337n, 11155111n), fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }));
export const seed = Number(process.env.LOFT_TEST_SEED ?? 20261124);
export const runs = (local: number) => (process.env.CI ? Math.max(50, Math.floor(local / 2)) : local);
