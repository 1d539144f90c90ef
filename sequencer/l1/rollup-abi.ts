/**
 * The compiled Rollup contract (contracts/src/Rollup.sol) and its three fraud-proof modules
 * (contracts/src/fraud/: StateTransitionProver, SignatureProver, RootsProver) for the node, the
 * devnet and the explorer, read from Hardhat's artifacts. The Rollup `delegatecall`s the modules
 * for their selectors, so their functions, events (FraudProven) and errors run in the Rollup's
 * context (docs/fraud-proofs.md §5): `rollupInterface()` is the Rollup's ABI merged with theirs,
 * so that ethers encodes proof calls to, and decodes events and errors from, the Rollup address.
 * Build them first with `npm run build:contracts`; a missing or malformed artifact is a clear error.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Fragment, Interface, type InterfaceAbi, type JsonFragment } from "ethers";

const artifactPath = (source: string, name: string) => fileURLToPath(new URL(`../../contracts/artifacts/src/${source}/${name}.json`, import.meta.url));

export const ROLLUP_ARTIFACT_PATH = artifactPath("Rollup.sol", "Rollup");

/** The modules in the order of the constructor's FraudModules struct, with their contract names. */
export const FRAUD_MODULES = { stateTransition: "StateTransitionProver", signature: "SignatureProver", roots: "RootsProver" } as const;
export type FraudModuleName = keyof typeof FRAUD_MODULES;

export const fraudModuleArtifactPath = (module: FraudModuleName) => artifactPath(`fraud/${FRAUD_MODULES[module]}.sol`, FRAUD_MODULES[module]);

export interface RollupArtifact {
  abi: InterfaceAbi;
  bytecode: string;
  deployedBytecode: string;
}

export class RollupArtifactError extends Error {
  override name = "RollupArtifactError";
}

const cache = new Map<string, RollupArtifact>();
let cachedInterface: Interface | undefined;

/** Reads (once) a Hardhat artifact; throws RollupArtifactError if it is not built or is malformed. */
export function loadArtifact(path: string, what: string): RollupArtifact {
  const cached = cache.get(path);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new RollupArtifactError(`${what} artifact not found at ${path}: run \`npm run build:contracts\` first`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new RollupArtifactError(`${what} artifact at ${path} is not JSON: rebuild with \`npm run build:contracts\``, { cause });
  }
  const artifact = parsed as Partial<RollupArtifact>;
  if (!Array.isArray(artifact.abi) || typeof artifact.bytecode !== "string" || !artifact.bytecode.startsWith("0x")) {
    throw new RollupArtifactError(`${what} artifact at ${path} has no abi/bytecode: rebuild with \`npm run build:contracts\``);
  }
  const result: RollupArtifact = { abi: artifact.abi, bytecode: artifact.bytecode, deployedBytecode: artifact.deployedBytecode ?? "0x" };
  cache.set(path, result);
  return result;
}

/** The Rollup's own artifact (its constructor and bytecode, for deployment). */
export function loadRollupArtifact(path = ROLLUP_ARTIFACT_PATH): RollupArtifact {
  return loadArtifact(path, "Rollup");
}

/** A fraud-proof module's artifact (deployed before the Rollup, which names its address). */
export function loadFraudModuleArtifact(module: FraudModuleName): RollupArtifact {
  return loadArtifact(fraudModuleArtifactPath(module), FRAUD_MODULES[module]);
}

/**
 * The Rollup's ABI followed by every module function, event and error it does not declare itself
 * (a fragment both declare, e.g. a shared event, appears once). The modules' constructors,
 * fallbacks and receive are theirs alone and are left out.
 */
export function rollupAbi(): JsonFragment[] {
  const merged: JsonFragment[] = [];
  const seen = new Set<string>();
  const add = (fragments: InterfaceAbi, fromModule: boolean) => {
    for (const entry of fragments as readonly (JsonFragment | string)[]) {
      const fragment = Fragment.from(entry);
      if (fromModule && !["function", "event", "error"].includes(fragment.type)) continue;
      const key = `${fragment.type} ${fragment.type === "function" || fragment.type === "event" || fragment.type === "error" ? fragment.format("sighash") : ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(JSON.parse(fragment.format("json")) as JsonFragment);
    }
  };
  add(loadRollupArtifact().abi, false);
  for (const module of Object.keys(FRAUD_MODULES) as FraudModuleName[]) add(loadFraudModuleArtifact(module).abi, true);
  return merged;
}

/** The Rollup's ethers Interface (its ABI merged with the modules'), for encoding calls and decoding events and custom errors. */
export function rollupInterface(): Interface {
  cachedInterface ??= new Interface(rollupAbi());
  return cachedInterface;
}
