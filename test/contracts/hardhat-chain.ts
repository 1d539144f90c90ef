/**
 * Hardhat's in-process network for the contract tests and the gas bench: one chain per process,
 * JSON-RPC signers, artifact loading, time control and snapshots.
 */
import { BrowserProvider, ContractFactory, type Contract, type JsonRpcSigner } from "ethers";

process.env.HARDHAT_CONFIG ??= "contracts/hardhat.config.cjs"; // cwd is the repo root
process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT ??= "true";

export interface Chain {
  provider: BrowserProvider;
  signers: JsonRpcSigner[];
  deploy(name: string, args?: unknown[], value?: bigint): Promise<Contract>;
  /** Seconds of the latest block. Calls at blockTag "pending" run at the time set by setNextTimestamp. */
  now(): Promise<number>;
  /** Mines the next block (and so the next transaction) at exactly `timestamp`. */
  setNextTimestamp(timestamp: number): Promise<void>;
  increaseTime(seconds: number): Promise<void>;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
  setBalance(address: string, wei: bigint): Promise<void>;
  /** Balance at the latest block (raw RPC, never a cached block number). */
  balance(address: string): Promise<bigint>;
}

let chain: Promise<Chain> | undefined;

/** The process's chain (Hardhat is loaded once per process). */
export function getChain(): Promise<Chain> {
  chain ??= openChain();
  return chain;
}

async function openChain(): Promise<Chain> {
  const hre = (await import("hardhat")).default;
  // No request cache: ethers answers an identical request within 250 ms from its cache, so a call
  // refused just before a time jump would be refused again after it.
  const provider = new BrowserProvider(hre.network.provider as never, undefined, { cacheTimeout: -1 });
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const signers = await Promise.all(accounts.map((a) => provider.getSigner(a)));
  const send = (method: string, params: unknown[] = []) => provider.send(method, params);
  return {
    provider,
    signers,
    async deploy(name, args = [], value = 0n) {
      const artifact = await hre.artifacts.readArtifact(name);
      const factory = new ContractFactory(artifact.abi, artifact.bytecode, signers[0]);
      const contract = await factory.deploy(...args, { value });
      await contract.waitForDeployment();
      return contract as Contract;
    },
    async now() {
      // raw RPC: ethers caches the latest block number for a while, and time moves under tests
      const block = (await send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
      return Number(block.timestamp);
    },
    async setNextTimestamp(timestamp) {
      await send("evm_setNextBlockTimestamp", [timestamp]);
    },
    async increaseTime(seconds) {
      await send("evm_increaseTime", [seconds]);
      await send("evm_mine");
    },
    snapshot: () => send("evm_snapshot"),
    async revert(id) {
      const ok = await send("evm_revert", [id]);
      if (ok !== true) throw new Error(`evm_revert(${id}) failed`);
    },
    async balance(address) {
      return BigInt((await send("eth_getBalance", [address, "latest"])) as string);
    },
    async setBalance(address, wei) {
      await send("hardhat_setBalance", [address, "0x" + wei.toString(16)]);
    },
  };
}
