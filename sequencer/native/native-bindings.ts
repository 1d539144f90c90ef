/**
 * Start-up guard for the two native dependencies of the hot path.
 *
 * Both packages silently fall back to slow JavaScript when their binary fails to load:
 * uWebSockets.js (the trufflesuite build) to a Node `http`/`ws` shim, secp256k1 to `elliptic`
 * (under 1k recoveries/s instead of 12–17k). Loft refuses to run on either fallback.
 */
import { createRequire } from "node:module";

export class NativeBindingError extends Error {
  override name = "NativeBindingError";
  constructor(
    readonly binding: "uWebSockets.js" | "secp256k1",
    message: string,
  ) {
    super(message);
  }
}

type RequireModule = (id: string) => unknown;

const defaultRequire: RequireModule = createRequire(import.meta.url);

/** The path of the uWebSockets.js binary built for this Node ABI, platform and architecture. */
export function uwsBinaryId(): string {
  const { platform, arch } = process;
  return `uWebSockets.js/binaries/uws_${platform}_${arch}_${process.versions.modules}.node`;
}

function loadError(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] ?? String(error) : String(error);
}

/** Throws a NativeBindingError unless uWebSockets.js resolves to its native binary. */
export function assertNativeUws(requireModule: RequireModule = defaultRequire): void {
  const advice =
    "Loft needs the native uWebSockets.js binary and refuses to run on its slow JS fallback. " +
    `Use Node 20 (ABI 115; this is Node ${process.versions.node}, ABI ${process.versions.modules}) ` +
    "on linux-x64/arm64 with glibc ≥ 2.31, unset UWS_USE_FALLBACK, and reinstall with `npm ci`.";
  let binary: unknown;
  try {
    binary = requireModule(uwsBinaryId());
  } catch (error) {
    throw new NativeBindingError("uWebSockets.js", `uWebSockets.js binary failed to load (${loadError(error)}). ${advice}`);
  }
  if (requireModule("uWebSockets.js") !== binary) {
    throw new NativeBindingError("uWebSockets.js", `uWebSockets.js loaded its JS fallback instead of ${uwsBinaryId()}. ${advice}`);
  }
}

/** Throws a NativeBindingError unless secp256k1 resolves to libsecp256k1's native addon. */
export function assertNativeSecp256k1(requireModule: RequireModule = defaultRequire): void {
  const advice =
    "Loft checks signatures with native libsecp256k1 and refuses to run on the pure-JS fallback " +
    "(more than ten times slower). Reinstall with `npm ci` on linux-x64/arm64 so the package's prebuilt binary loads.";
  let native: unknown;
  try {
    native = requireModule("secp256k1/bindings.js");
  } catch (error) {
    throw new NativeBindingError("secp256k1", `secp256k1 native addon failed to load (${loadError(error)}). ${advice}`);
  }
  if (requireModule("secp256k1") !== native) {
    throw new NativeBindingError("secp256k1", `secp256k1 loaded its pure-JS fallback (elliptic). ${advice}`);
  }
}

/** Both checks; called first thing by every command that serves or verifies transactions. */
export function assertNativeBindings(requireModule: RequireModule = defaultRequire): void {
  assertNativeUws(requireModule);
  assertNativeSecp256k1(requireModule);
}
