/**
 * The compiled Rollup contract (contracts/src/Rollup.sol) for the node, the devnet and the
 * explorer: its ABI, deploy bytecode and an ethers Interface, read from Hardhat's artifact.
 * Build it first with `npm run build:contracts`; a missing or malformed artifact is a clear error.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Interface, type InterfaceAbi } from "ethers";

export const ROLLUP_ARTIFACT_PATH = fileURLToPath(
  new URL("../../contracts/artifacts/src/Rollup.sol/Rollup.json", import.meta.url),
);

export interface RollupArtifact {
  abi: InterfaceAbi;
  bytecode: string;
  deployedBytecode: string;
}

export class RollupArtifactError extends Error {
  override name = "RollupArtifactError";
}

let cached: RollupArtifact | undefined;
let cachedInterface: Interface | undefined;

/** Reads (once) the Rollup artifact; throws RollupArtifactError if it is not built or is malformed. */
export function loadRollupArtifact(path = ROLLUP_ARTIFACT_PATH): RollupArtifact {
  if (path === ROLLUP_ARTIFACT_PATH && cached) return cached;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new RollupArtifactError(`Rollup artifact not found at ${path}: run \`npm run build:contracts\` first`, {
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new RollupArtifactError(`Rollup artifact at ${path} is not JSON: rebuild with \`npm run build:contracts\``, {
      cause,
    });
  }
  const artifact = parsed as Partial<RollupArtifact>;
  if (!Array.isArray(artifact.abi) || typeof artifact.bytecode !== "string" || !artifact.bytecode.startsWith("0x")) {
    throw new RollupArtifactError(`Rollup artifact at ${path} has no abi/bytecode: rebuild with \`npm run build:contracts\``);
  }
  const result: RollupArtifact = {
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    deployedBytecode: artifact.deployedBytecode ?? "0x",
  };
  if (path === ROLLUP_ARTIFACT_PATH) cached = result;
  return result;
}

/** The Rollup's ethers Interface, for encoding calls and decoding events and custom errors. */
export function rollupInterface(): Interface {
  cachedInterface ??= new Interface(loadRollupArtifact().abi);
  return cachedInterface;
}
