/**
 * What a dApp does with stock libraries against a devnet node, over HTTP (ethers'
 * JsonRpcProvider, viem's createPublicClient + http()) and WebSocket (ethers' WebSocketProvider):
 * chain id, blocks by number, tag and hash, a typed transfer signed with loft_getDomain's types
 * as returned, waiting for it (waitForTransaction, getTransaction().wait(), on("block")),
 * receipts with status and fee, fee data, gas estimates, balances at block tags, and the errors
 * ethers maps.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { JsonRpcProvider, Wallet, WebSocketProvider, ZeroHash, hexlify, parseEther, toQuantity } from "ethers";
import { createPublicClient, http } from "viem";
import { DEVNET_ROLLUP_CHAIN_ID } from "../../sequencer/eth/rollup-chain-id.ts";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";

let f: NodeFixture;
let httpProvider: JsonRpcProvider;
let wsProvider: WebSocketProvider;
const sender = new Wallet(hexlify(standardDevKeys()[3]!));

before(async () => {
  f = await startDevnetNode();
  httpProvider = new JsonRpcProvider(f.node.server.httpUrl, undefined, { pollingInterval: 100 });
  wsProvider = new WebSocketProvider(f.node.url);
});
after(async () => {
  httpProvider?.destroy();
  await wsProvider?.destroy();
  await f?.close();
});

interface DomainAnswer {
  domain: { name: string; version: string; chainId: string; verifyingContract: string };
  types: { Transfer: Record<string, { name: string; type: string }[]> };
}

/** The lowest fee the node takes now for a transfer to `to` (its fee policy prices L1 data). */
async function minimumFee(to: string, amount: bigint): Promise<bigint> {
  return BigInt((await httpProvider.send("loft_estimateFee", [{ type: "transfer", to, amount: toQuantity(amount) }]) as { fee: string }).fee);
}

async function signTransfer(to: string, amount: bigint, fee: bigint | undefined, nonce: number) {
  fee ??= await minimumFee(to, amount);
  const { domain, types } = await httpProvider.send("loft_getDomain", []) as DomainAnswer;
  const signature = await sender.signTypedData(domain, types.Transfer, { to, amount, fee, nonce }); // ethers used to throw "ambiguous primary types"
  return { type: "transfer", to, amount: toQuantity(amount), fee: toQuantity(fee), nonce: toQuantity(nonce), signature };
}

test("default: both ethers providers see the rollup's own chain id; the EIP-712 domain keeps the L1's", async () => {
  assert.equal((await httpProvider.getNetwork()).chainId, DEVNET_ROLLUP_CHAIN_ID);
  assert.equal((await wsProvider.getNetwork()).chainId, DEVNET_ROLLUP_CHAIN_ID);
  assert.equal(await httpProvider.send("net_version", []), DEVNET_ROLLUP_CHAIN_ID.toString());
  const { domain } = await httpProvider.send("loft_getDomain", []) as DomainAnswer;
  assert.equal(BigInt(domain.chainId), 31337n);
});

test("default: a typed transfer sent over HTTP is waited for as an Ethereum transaction, with a receipt, a block and balances per tag", { timeout: 60_000 }, async () => {
  const to = Wallet.createRandom().address;
  const before = await httpProvider.getBlockNumber();
  const balanceBefore = await httpProvider.getBalance(sender.address);
  const seen: number[] = [];
  await wsProvider.on("block", (number: number) => void seen.push(number));
  const fee = await minimumFee(to, parseEther("2"));
  const hash = await httpProvider.send("loft_sendTransaction", [await signTransfer(to, parseEther("2"), fee, 0)]) as string;

  const receipt = await httpProvider.waitForTransaction(hash, 1, 30_000);
  assert.ok(receipt);
  assert.equal(receipt.status, 1);
  assert.equal(receipt.from, sender.address);
  assert.equal(receipt.to, to);
  assert.equal(receipt.fee, fee, "gasUsed × effectiveGasPrice is the fee exactly");
  const response = await wsProvider.getTransaction(hash);
  assert.ok(response);
  assert.deepEqual([response.from, response.to, response.value, response.nonce, response.blockNumber], [sender.address, to, parseEther("2"), 0, receipt.blockNumber]);
  assert.equal((await response.wait(1, 30_000))?.hash, hash);

  const block = await httpProvider.getBlock(receipt.blockNumber, true);
  assert.ok(block);
  assert.equal(block.hash, receipt.blockHash);
  assert.ok(block.transactions.includes(hash));
  assert.equal(block.prefetchedTransactions.find((tx) => tx.hash === hash)?.value, parseEther("2"));
  assert.equal((await httpProvider.getBlock(receipt.blockHash))?.number, receipt.blockNumber, "by hash");
  const parent = await httpProvider.getBlock(receipt.blockNumber - 1);
  assert.equal(block.parentHash, parent?.hash);

  assert.equal(await httpProvider.getBalance(to), parseEther("2"));
  assert.equal(await httpProvider.getBalance(sender.address), balanceBefore - parseEther("2") - fee);
  assert.equal(await httpProvider.getBalance(sender.address, before), balanceBefore, "the balance after an earlier block");
  assert.equal(await httpProvider.getBalance(to, receipt.blockNumber - 1), 0n);
  assert.equal(await httpProvider.getTransactionCount(sender.address, receipt.blockNumber), 1);
  assert.equal(await httpProvider.getTransactionCount(sender.address, receipt.blockNumber - 1), 0);
  assert.equal(await httpProvider.getBalance(sender.address, 0), balanceBefore, "block 0 is genesis");
  await assert.rejects(httpProvider.getBalance(sender.address, receipt.blockNumber + 100_000), /header not found/);

  for (let i = 0; i < 100 && !seen.some((n) => n >= receipt.blockNumber); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(seen.some((n) => n >= receipt.blockNumber), `on("block") over eth_subscribe newHeads: saw ${seen.join(",")}`);
  await wsProvider.off("block");
});

test("behavior: block tags mean sealed, committed and finalized; block 0 is the genesis header; a future block is null", { timeout: 60_000 }, async () => {
  const genesis = await httpProvider.getBlock(0);
  assert.ok(genesis);
  assert.equal(genesis.number, 0);
  assert.equal(genesis.parentHash, ZeroHash);
  assert.equal((await httpProvider.getBlock("earliest"))?.hash, genesis.hash);
  const latest = await httpProvider.getBlockNumber();
  assert.equal(await httpProvider.getBlock(latest + 1000), null);
  const statusOf = async (n: number) => (await httpProvider.send("loft_getBatch", [toQuantity(n)]) as { status: string }).status;
  // the devnet commits each second and finalizes 3 s later: wait until something beyond genesis is final
  let finalized = 0;
  for (let i = 0; i < 300 && finalized === 0; i++) {
    finalized = (await httpProvider.getBlock("finalized"))!.number;
    if (finalized === 0) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(finalized > 0, "a batch became final");
  assert.equal(await statusOf(finalized), "finalized");
  const safe = (await httpProvider.getBlock("safe"))!.number;
  assert.ok(safe >= finalized);
  assert.notEqual(await statusOf(safe), "sealed");
  const head = await httpProvider.getBlockNumber();
  if (safe < head) assert.equal(await statusOf(safe + 1), "sealed", "safe is the newest committed batch");
  assert.equal(await httpProvider.getBalance(sender.address, "finalized"), await httpProvider.getBalance(sender.address, finalized));
});

test("default: fee data, gas estimates and the empty-chain answers ethers asks for", async () => {
  const fees = await httpProvider.getFeeData();
  assert.ok(fees.gasPrice! > 0n, "priced by the node's fee policy");
  assert.equal(fees.gasPrice, BigInt(await httpProvider.send("eth_gasPrice", [])));
  assert.ok(fees.gasPrice! * 21_000n >= (await minimumFee(sender.address, 1n)) / 2n, "a 21,000-gas transfer at gasPrice pays about the minimum fee");
  assert.equal(await httpProvider.estimateGas({ from: sender.address, to: Wallet.createRandom().address, value: 1n }), 21_000n);
  assert.equal(await httpProvider.getCode(sender.address), "0x");
  assert.deepEqual(await httpProvider.getLogs({ fromBlock: 0 }), []);
  const history = await httpProvider.send("eth_feeHistory", ["0x4", "latest", [50]]);
  assert.equal(history.baseFeePerGas.length, history.gasUsedRatio.length + 1);
});

test("error: refusals carry the messages ethers maps (NONCE_EXPIRED, INSUFFICIENT_FUNDS, REPLACEMENT_UNDERPRICED); native transfers are refused plainly", { timeout: 30_000 }, async () => {
  const ethersCode = async (param: unknown) => {
    const error = await httpProvider.send("loft_sendTransaction", [param]).then(() => undefined, (e: { error?: unknown }) => e.error);
    assert.ok(error, "refused");
    // ethers maps these for eth_sendRawTransaction; the same error object from loft_sendTransaction maps alike
    return (httpProvider.getRpcError({ method: "eth_sendRawTransaction", params: ["0x"], id: 1, jsonrpc: "2.0" }, { id: 1, error: error as { code: number; message: string } }) as unknown as { code: string }).code;
  };
  const to = Wallet.createRandom().address;
  assert.equal(await ethersCode(await signTransfer(to, 1n, undefined, 0)), "NONCE_EXPIRED");
  assert.equal(await ethersCode(await signTransfer(to, parseEther("1000000000"), undefined, 1)), "INSUFFICIENT_FUNDS");
  const pendingFirst = await signTransfer(to, 1n, undefined, 5); // a future nonce stays pending
  await httpProvider.send("loft_sendTransaction", [pendingFirst]);
  assert.equal(await ethersCode(await signTransfer(to, 2n, undefined, 5)), "REPLACEMENT_UNDERPRICED");

  const native = sender.connect(httpProvider);
  await assert.rejects(native.sendTransaction({ to, value: 1n }), (error: { error?: { message: string } }) => {
    assert.match(error.error?.message ?? String(error), /native Ethereum transactions.*loft_sendTransaction/);
    return true;
  });
});

test("default: viem's createPublicClient with http() reads chain id, blocks, balances and receipts", async () => {
  const client = createPublicClient({ transport: http(f.node.server.httpUrl) });
  assert.equal(BigInt(await client.getChainId()), DEVNET_ROLLUP_CHAIN_ID);
  const number = await client.getBlockNumber();
  const block = await client.getBlock({ blockNumber: number });
  assert.equal(block.number, number);
  assert.equal((await client.getBlock({ blockTag: "finalized" })).number <= number, true);
  assert.equal(await client.getBalance({ address: sender.address as `0x${string}`, blockNumber: 0n }), parseEther("10000"));
  const hash = block.transactions[0];
  if (hash) assert.equal((await client.getTransactionReceipt({ hash })).status, "success");
  assert.equal(await client.getGasPrice(), BigInt(await httpProvider.send("eth_gasPrice", [])));
});
