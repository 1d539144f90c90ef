/**
 * End to end on a real devnet: Hardhat L1, the Rollup, the node with its signature workers,
 * sealer, LMDB, L1 watcher and poster; clients over WebSocket as wallets and load generators are.
 */
import { DEVNET_ROLLUP_CHAIN_ID } from "../../sequencer/eth/rollup-chain-id.ts";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Contract, JsonRpcProvider, TypedDataEncoder, WebSocketProvider, Wallet, getBytes, hexlify, parseEther, toQuantity } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { LOFT_EIP712_TYPES, domainSeparator, loftDomain, type LoftDomain } from "../../sequencer/protocol/eip712.ts";
import { userTransactionHashHex } from "../../sequencer/protocol/transaction-hash.ts";
import { signWithKey, signWithWallet } from "../../sequencer/protocol/client-signing.ts";
import { parseUserTransaction } from "../../sequencer/protocol/transaction-params.ts";
import { Transaction, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { withdrawalClaim } from "../../sequencer/node/withdrawal-claims.ts";
import { decodeBinaryReply } from "../../sequencer/rpc/index.ts";
import { loadRollupArtifact, rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { IntakeStatus } from "../../sequencer/node/intake-status.ts";
import { RpcClient, startDevnetNode, type NodeFixture } from "./node-fixture.ts";

let f: NodeFixture;
let client: RpcClient;
let domain: LoftDomain;
const keys = standardDevKeys();
const wallets = keys.map((k) => new Wallet(hexlify(k)));
/** Above the node's minimum fee (sequencer/fees) on the devnet: 0.001 ETH. */
const FEE = 10n ** 15n;

before(async () => {
  f = await startDevnetNode();
  client = await RpcClient.open(f.node.url);
  const { domain: d } = await client.call<{ domain: { chainId: string; verifyingContract: string } }>("loft_getDomain");
  domain = loftDomain(BigInt(d.chainId), d.verifyingContract);
});
after(async () => {
  client?.close();
  await f?.close();
});

const rpcError = (code: number, message: RegExp) => (e: unknown) => (e as { code: number }).code === code && message.test((e as Error).message);

test("default: a wallet-signed transfer is accepted, sealed, committed and finalized, with receipts", { timeout: 60_000 }, async () => {
  await client.call("loft_subscribe", ["receipts"]);
  const to = Wallet.createRandom().address;
  const request = { type: "transfer" as const, to, amount: parseEther("1"), fee: FEE, nonce: 0 };
  const hash = await client.call<string>("loft_sendTransaction", [await signWithWallet(wallets[1]!, domain, request)]);
  const digest = TypedDataEncoder.hash(domain, { Transfer: [...LOFT_EIP712_TYPES.Transfer] }, { to, amount: request.amount, fee: request.fee, nonce: 0 });
  assert.equal(hash, userTransactionHashHex(digest, wallets[1]!.address), "the hash is keccak256(digest ‖ from), computed by the client");
  const sealed = await client.waitFor((n) => n.result.hash === hash && n.result.status === "sealed");
  const tx = await client.call<Record<string, string>>("loft_getTransaction", [hash]);
  assert.deepEqual([tx.type, tx.from, tx.to, tx.amount, tx.batch], ["transfer", wallets[1]!.address, to, toQuantity(parseEther("1")), sealed.result.batch]);
  const account = await client.call<Record<string, string>>("loft_getAccount", [to]);
  assert.equal(account.balance, toQuantity(parseEther("1")));
  await client.waitFor((n) => n.result.hash === hash && n.result.status === "committed", 30_000);
  await client.waitFor((n) => n.result.hash === hash && n.result.status === "finalized", 30_000);
  const batch = await client.call<Record<string, string>>("loft_getBatch", [sealed.result.batch]);
  assert.equal(batch.status, "finalized");
  assert.match(batch.l1TxHash!, /^0x[0-9a-f]{64}$/);
});

test("behavior: ethers' WebSocketProvider reads balances and nonces from the node", async () => {
  const provider = new WebSocketProvider(f.node.url);
  try {
    assert.equal((await provider.getNetwork()).chainId, DEVNET_ROLLUP_CHAIN_ID, "the rollup's own chain id, not the L1's");
    assert.equal(await provider.getBalance(wallets[5]!.address), parseEther("10000"));
    assert.equal(await provider.getTransactionCount(wallets[5]!.address), 0);
    assert.equal(await provider.getTransactionCount(wallets[1]!.address), 1);
  } finally {
    await provider.destroy();
  }
});

test("error: every admission failure answers the error wallets map", async () => {
  const key = keys[2]!;
  const separator = domainSeparator(domain);
  const to = wallets[3]!.address;
  const send = (request: Parameters<typeof signWithKey>[2]) => client.call("loft_sendTransaction", [signWithKey(key, separator, request)]);
  const minimum = BigInt((await client.call<{ fee: string }>("loft_estimateFee", [{ type: "transfer", to, amount: "0x1" }])).fee);
  assert.ok(minimum > 0n && minimum < FEE);
  await assert.rejects(send({ type: "transfer", to, amount: 1n, fee: 0n, nonce: 0 }), rpcError(-32000, /^fee too low: minimum is \d+ wei$/));
  await send({ type: "transfer", to, amount: 1n, fee: FEE, nonce: 0 });
  await assert.rejects(send({ type: "transfer", to, amount: parseEther("20000"), fee: FEE, nonce: 1 }), rpcError(-32000, /^insufficient funds/));
  await assert.rejects(send({ type: "transfer", to, amount: 1n, fee: FEE, nonce: 5_000 }), rpcError(-32000, /^nonce too high/));
  const twice = signWithKey(key, separator, { type: "transfer", to, amount: 2n, fee: FEE, nonce: 1 });
  const results = await Promise.allSettled([client.call("loft_sendTransaction", [twice]), client.call("loft_sendTransaction", [twice])]);
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
  assert.ok(results.some((r) => r.status === "rejected" && rpcError(-32000, /^already known$/)(r.reason)));
  const deadline = Date.now() + 10_000;
  while ((await client.call<string>("eth_getTransactionCount", [wallets[2]!.address, "latest"])) !== "0x2" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await assert.rejects(send({ type: "transfer", to, amount: 3n, fee: FEE, nonce: 0 }), rpcError(-32000, /^nonce too low/));
  const tampered = { ...signWithKey(key, separator, { type: "transfer", to, amount: 4n, fee: FEE, nonce: 2 }), amount: "0x5" };
  // a signature over other fields recovers some other, empty account (as on Ethereum)
  await assert.rejects(client.call("loft_sendTransaction", [tampered]), rpcError(-32000, /^insufficient funds/));
  await assert.rejects(client.call("loft_sendTransaction", [{ ...tampered, amount: "0x05" }]), rpcError(-32602, /params\[0\]\.amount: hex quantity with leading zero digits/));
  await assert.rejects(client.call("loft_getAccount", ["0x1234"]), rpcError(-32602, /params\[0\]/));
  await assert.rejects(client.call("loft_nothing"), rpcError(-32601, /method not found/));
});

test("behavior: a deposit on L1 is credited on L2 once confirmed", { timeout: 60_000 }, async () => {
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true });
  try {
    const depositor = new Wallet(hexlify(keys[4]!), provider);
    const rollup = new Contract(f.l1.rollup, loadRollupArtifact().abi, depositor);
    const to = Wallet.createRandom().address;
    await (await rollup.getFunction("deposit")(to, { value: parseEther("2") })).wait();
    const deadline = Date.now() + 30_000;
    let balance = "0x0";
    while (balance === "0x0" && Date.now() < deadline) {
      balance = (await client.call<Record<string, string>>("loft_getAccount", [to])).balance!;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(balance, toQuantity(parseEther("2")));
  } finally {
    provider.destroy();
  }
});

test("behavior: the binary fast path answers one status per SSZ record", async () => {
  const separator = domainSeparator(domain);
  const to = wallets[7]!.address;
  const records = [0, 1].map((nonce) => {
    const tx = parseUserTransaction(signWithKey(keys[6]!, separator, { type: "transfer", to, amount: 5n, fee: FEE, nonce }));
    return Transaction.serialize({ ...tx, from: new Uint8Array(20) });
  });
  const forged = Transaction.deserialize(records[1]!);
  const bad = Transaction.serialize({ ...forged, nonce: 2, signature: new Uint8Array(65).fill(0, 0, 64).fill(27, 64) }); // r = s = 0
  const frame = new Uint8Array(3 * 146);
  [records[0]!, records[1]!, bad].forEach((r, i) => frame.set(r, i * 146));
  const reply = await new Promise<Uint8Array>((resolve) => {
    client.socket.once("message", (data, binary) => binary && resolve(new Uint8Array(data as Buffer)));
    client.socket.send(frame);
  });
  const decoded = decodeBinaryReply(reply);
  assert.equal(decoded.type, "statuses");
  assert.deepEqual([...(decoded as { statuses: Uint8Array }).statuses], [IntakeStatus.accepted, IntakeStatus.accepted, IntakeStatus.invalidSignature]);
});

test("behavior: a withdrawal is paid on L1 once its batch is final, exactly once", { timeout: 90_000 }, async () => {
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const recipient = Wallet.createRandom().address;
    const request = { type: "withdraw" as const, recipient, amount: parseEther("3"), fee: FEE, nonce: 0 };
    const hash = await client.call<string>("loft_sendTransaction", [await signWithWallet(wallets[8]!, domain, request)]);
    const final = await client.waitFor((n) => n.result.hash === hash && n.result.status === "finalized", 60_000);
    const claim = withdrawalClaim(f.reader(), Number(final.result.batch), 0)!;
    assert.equal(hexlify(claim.recipient), recipient.toLowerCase());
    const claimer = new Wallet(hexlify(keys[9]!), provider); // anyone may submit; only the recipient is paid
    await (await claimer.sendTransaction({ to: f.l1.rollup, data: claim.calldata })).wait();
    assert.equal(await provider.getBalance(recipient), parseEther("3"));
    await assert.rejects(claimer.sendTransaction({ to: f.l1.rollup, data: claim.calldata }), (e: unknown) =>
      rollupInterface().parseError((e as { data: string }).data)?.name === "AlreadyWithdrawn");
  } finally {
    provider.destroy();
  }
});

test("behavior: a full exit requested on L1 withdraws the whole L2 balance", { timeout: 90_000 }, async () => {
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const account = new Wallet(hexlify(keys[10]!), provider);
    const rollup = new Contract(f.l1.rollup, loadRollupArtifact().abi, account);
    await (await rollup.getFunction("requestFullExit")()).wait();
    const deadline = Date.now() + 30_000;
    let balance = toQuantity(parseEther("10000"));
    while (balance !== "0x0" && Date.now() < deadline) {
      balance = (await client.call<Record<string, string>>("loft_getAccount", [account.address])).balance!;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(balance, "0x0");
    const exits = f.reader().withdrawalsTo(getBytes(account.address), 5);
    assert.equal(exits.length, 1);
    assert.equal(Withdrawal.deserialize(new Uint8Array(exits[0]!.record)).amount, parseEther("10000"));
  } finally {
    provider.destroy();
  }
});
