/**
 * A devnet frozen with real L1 queue messages, for the escape e2e test:
 * - phase A (final): L2 transfers to new and existing accounts, a withdrawal, two deposits (one
 *   creating an account) and a full exit, all committed; then L1 time moves past the challenge
 *   window, so these commits are final;
 * - phase B (committed, never final): a transfer, a withdrawal and a deposit processed by batches
 *   whose commits are still in their challenge window;
 * - the sequencer is stopped; phase C (never processed): two deposits and a full exit on L1;
 * - L1 time moves past the inclusion window and anyone calls freeze() (`beforeFreeze` may start a
 *   sequencer again first: one that cannot see phase C's messages, to watch it meet the freeze).
 * The escape batch is then the last batch of phase A; phase B's and C's deposits are reclaimable.
 */
import { Contract, JsonRpcProvider, Wallet, hexlify, parseEther, type TransactionReceipt } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey, type TransactionRequest } from "../../sequencer/protocol/client-signing.ts";
import { RpcClient, startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";

export const CHALLENGE_WINDOW = 60;
export const INCLUSION_WINDOW = 20;
const FEE = 10n ** 15n;

export const keys = standardDevKeys();
export const addressOf = (k: number) => new Wallet(hexlify(keys[k]!)).address;

export interface Deposit {
  queueIndex: number;
  depositor: string;
  to: string;
  amount: bigint;
}

export interface FrozenDevnet {
  f: NodeFixture;
  provider: JsonRpcProvider;
  rollup: Contract;
  deposits: Deposit[];
  /** Queue indices of the full-exit requests. */
  fullExits: number[];
  /** Number of the last batch the sequencer committed (phase B's last). */
  lastCommitted: number;
  /** Per batch, the sum of its withdrawals (as the sequencer stored them). */
  withdrawals: Map<number, bigint>;
  freezeReceipt: TransactionReceipt;
}

export async function waitFor<T>(what: string, read: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `beforeFreeze` runs once phase C's messages have waited past the inclusion window, just before freeze(). */
export async function freezeDevnet(beforeFreeze?: (f: NodeFixture) => Promise<void>): Promise<FrozenDevnet> {
  const f = await startDevnetNode({ "challenge-window": String(CHALLENGE_WINDOW), "inclusion-window": String(INCLUSION_WINDOW), "batch-interval-ms": "100", "max-commit-delay": "300" });
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const rollup = new Contract(f.l1.rollup, loadRollupArtifact().abi, provider);
    const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
    const nonces = new Map<number, number>();
    const deposits: Deposit[] = [];
    const fullExits: number[] = [];
    const fresh = Array.from({ length: 8 }, () => Wallet.createRandom().address);
    const client = await RpcClient.open(f.node.url);
    type Unsigned = { type: "transfer"; to: string; amount: bigint } | { type: "withdraw"; recipient: string; amount: bigint };
    const sendL2 = async (k: number, request: Unsigned) => {
      const nonce = nonces.get(k) ?? 0;
      nonces.set(k, nonce + 1);
      await client.call("loft_sendTransaction", [signWithKey(keys[k]!, separator, { ...request, fee: FEE, nonce } as TransactionRequest)]);
    };
    const asKey = (k: number) => rollup.connect(new Wallet(hexlify(keys[k]!), provider)) as Contract;
    const deposit = async (k: number, to: string, amount: bigint) => {
      const receipt = await (await asKey(k).getFunction("deposit")(to, { value: amount })).wait();
      const event = receipt.logs.map((l: { topics: string[]; data: string }) => rollup.interface.parseLog(l)).find((e: { name: string } | null) => e?.name === "Deposited");
      deposits.push({ queueIndex: Number(event.args.queueIndex), depositor: addressOf(k), to, amount });
    };
    const requestFullExit = async (k: number) => {
      const receipt = await (await asKey(k).getFunction("requestFullExit")()).wait();
      const event = receipt.logs.map((l: { topics: string[]; data: string }) => rollup.interface.parseLog(l)).find((e: { name: string } | null) => e?.name === "FullExitRequested");
      fullExits.push(Number(event.args.queueIndex));
    };
    const settled = (queueCount: number, sender: number) => waitFor(`the node to seal and commit up to queue ${queueCount}`, async () => {
      const header = await client.call<Record<string, string>>("loft_getBatch", ["latest"]);
      const nonce = await client.call<string>("eth_getTransactionCount", [addressOf(sender), "latest"]);
      const latest = f.node.latestBatch(); // read after the nonce and the queue count, so at or after the batches holding them
      const status = f.node.reader.batch(latest)?.status;
      return Number(header.queueCount) >= queueCount && Number(nonce) === (nonces.get(sender) ?? 0) && status !== undefined && status !== "sealed" && latest;
    });
    const passTime = async (seconds: number) => {
      await provider.send("evm_increaseTime", [seconds]);
      await provider.send("evm_mine", []);
    };
    try {
      // phase A: final
      await sendL2(1, { type: "transfer", to: fresh[0]!, amount: parseEther("5") });
      await sendL2(2, { type: "transfer", to: fresh[1]!, amount: parseEther("3") });
      await sendL2(3, { type: "transfer", to: addressOf(4), amount: parseEther("1") });
      await sendL2(1, { type: "transfer", to: fresh[2]!, amount: parseEther("2") });
      await sendL2(5, { type: "withdraw", recipient: addressOf(5), amount: parseEther("4") });
      await deposit(6, fresh[3]!, parseEther("2"));
      await deposit(7, addressOf(7), parseEther("1.5"));
      await requestFullExit(8);
      await settled(3, 5);
      await passTime(CHALLENGE_WINDOW + 1);
      // phase B: committed, not final
      await sendL2(4, { type: "transfer", to: fresh[4]!, amount: parseEther("1") });
      await sendL2(3, { type: "withdraw", recipient: addressOf(3), amount: parseEther("1") });
      await deposit(9, fresh[5]!, parseEther("0.7"));
      const lastCommitted = await settled(4, 3);
      const withdrawals = new Map<number, bigint>(); // the sequencer's own record, read before it goes
      for (let n = 1; n <= lastCommitted; n++) {
        withdrawals.set(n, f.node.reader.batchWithdrawals(n).reduce((sum, w) => sum + BigInt(`0x${Buffer.from(w.subarray(20, 36)).reverse().toString("hex")}`), 0n));
      }
      await f.node.stop();
      // phase C: never processed
      await deposit(6, fresh[6]!, parseEther("0.3"));
      await deposit(10, addressOf(1), parseEther("0.2"));
      await requestFullExit(11);
      await passTime(INCLUSION_WINDOW + 1);
      await beforeFreeze?.(f);
      const freezeReceipt = await (await asKey(12).getFunction("freeze")()).wait();
      return { f, provider, rollup, deposits, fullExits, lastCommitted, withdrawals, freezeReceipt };
    } finally {
      client.close();
    }
  } catch (error) {
    provider.destroy();
    await f.close();
    throw error;
  }
}
