/**
 * ABI encoding of the fraud proofs through ethers' Interface with the modules' ABIs (Hardhat
 * artifacts under contracts/artifacts/src/fraud/): the calldata a challenger sends to the Rollup,
 * which delegatecalls the module for the selector (docs/fraud-proofs.md §5).
 */
import { Interface } from "ethers";
import { loadFraudModuleArtifact, type FraudModuleName } from "../l1/rollup-abi.ts";

export const PROOF_FUNCTIONS = {
  proveStateTransition: "stateTransition",
  proveSignature: "signature",
  proveTxRoot: "roots",
  proveExitRoot: "roots",
} as const satisfies Record<string, FraudModuleName>;
export type ProofFunction = keyof typeof PROOF_FUNCTIONS;

const interfaces = new Map<FraudModuleName, Interface>();

export function moduleInterface(module: FraudModuleName): Interface {
  let iface = interfaces.get(module);
  if (!iface) {
    iface = new Interface(loadFraudModuleArtifact(module).abi);
    interfaces.set(module, iface);
  }
  return iface;
}

/** The calldata of `fn` with the arguments a builder returned. */
export function encodeProof(fn: ProofFunction, args: unknown[]): string {
  return moduleInterface(PROOF_FUNCTIONS[fn]).encodeFunctionData(fn, args);
}
