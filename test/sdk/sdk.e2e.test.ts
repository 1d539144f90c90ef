/**
 * The SDK against a real devnet node (Hardhat L1, 3 s challenge window): connect, domain, fee
 * estimate, transfers signed by an ethers Wallet and by an EIP-1193 provider, waits for a status,
 * typed errors for what the node refuses, a deposit and a full exit on L1 followed to L2 by their
 * L1 hash, and a withdrawal claimed on L1 once final (once only; a tampered claim is refused).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { hexlify, JsonRpcProvider, parseEther, Wallet } from "ethers";
import { connect, FeeTooLowError, LoftError, type LoftClient } from "../../sdk/src/index.ts";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";
import { eip1193Wallet } from "./eip1193-wallet.ts";

let f: NodeFixture;
let loft: LoftClient;
let l1: JsonRpcProvider;
const keys = standardDevKeys().map((key) => hexlify(key));
const code = (expected: string) => (error: unknown) => error instanceof LoftError && error.code === expected;

before(async () => {
  f = await startDevnetNode();
  loft = await connect(f.node.url);
  l1 = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true });
});
after(async () => {
  await loft?.close();
  l1?.destroy();
  await f?.close();
});

test("default: connect, read the domain, send a transfer signed by an ethers Wallet and wait until sealed", async () => {
  const domain = await loft.getDomain();
  assert.deepEqual([domain.name, domain.version, domain.chainId, domain.verifyingContract], ["Loft", "1", f.l1.chainId, f.l1.rollup]);
  const wallet = new Wallet(keys[10]!);
  const to = Wallet.createRandom().address;
  const fee = await loft.estimateFee({ type: "transfer", to, amount: parseEther("1") });
  assert.ok(fee > 0n, "the node prices the L1 data and the new account");
  const tx = await loft.transfer(wallet, { to, amount: parseEther("1") });
  assert.equal(tx.from, wallet.address);
  assert.equal(tx.request.nonce, 0);
  const sealed = await tx.wait("sealed", { timeoutMs: 20_000 });
  assert.ok(["sealed", "committed", "finalized"].includes(sealed.status));
  assert.equal(sealed.hash, tx.hash);
  assert.equal(typeof sealed.batch, "number");
  assert.equal((await loft.getAccount(to)).balance, parseEther("1"));
  assert.equal((await loft.getAccount(wallet.address)).nonce, 1);
  assert.equal((await loft.getBatch(sealed.batch!))?.number, sealed.batch);
  const next = await loft.transfer(wallet, { to, amount: 1n });
  assert.equal(next.request.nonce, 1, "the next nonce counts the mempool and the sealed state");
  await next.wait("sealed", { timeoutMs: 20_000 });
});

test("behavior: an EIP-1193 provider (MetaMask's interface) signs with eth_signTypedData_v4; a user's refusal is a WALLET error", async () => {
  const wallet = eip1193Wallet(keys[11]!, f.l1.rpcUrl);
  const to = Wallet.createRandom().address;
  const tx = await loft.transfer(wallet, { to, amount: parseEther("0.25") });
  await tx.wait("sealed", { timeoutMs: 20_000 });
  assert.equal((await loft.getAccount(to)).balance, parseEther("0.25"));
  assert.ok(wallet.calls.includes("eth_requestAccounts") && wallet.calls.includes("eth_signTypedData_v4"));
  const refusing = eip1193Wallet(keys[11]!, f.l1.rpcUrl);
  refusing.rejectNext();
  await assert.rejects(loft.transfer(refusing, { to, amount: 1n, nonce: 1 }), (error: unknown) => code("WALLET")(error) && /rejected/.test((error as Error).message));
});

test("error: what the node refuses arrives as typed errors, and bad arguments never reach it", async () => {
  const wallet = new Wallet(keys[12]!);
  const to = Wallet.createRandom().address;
  await (await loft.transfer(wallet, { to, amount: 5n, nonce: 0 })).wait("sealed", { timeoutMs: 20_000 });
  await assert.rejects(loft.transfer(wallet, { to, amount: 5n, nonce: 0 }), code("NONCE_TOO_LOW"));
  await assert.rejects(loft.transfer(wallet, { to, amount: 5n, fee: 0n }), (error: unknown) => error instanceof FeeTooLowError && error.code === "FEE_TOO_LOW" && error.minimum! > 0n);
  await assert.rejects(loft.transfer(wallet, { to, amount: parseEther("1000000") }), code("INSUFFICIENT_FUNDS"));
  await assert.rejects(loft.transfer(wallet, { to, amount: 1n, nonce: 1_000_000 }), code("NONCE_TOO_HIGH"));
  await assert.rejects(loft.transfer(wallet, { to: "0x1234", amount: 1n }), code("BAD_ARGUMENT"));
  await assert.rejects(loft.transfer(wallet, { to, amount: -1n }), code("BAD_ARGUMENT"));
  await assert.rejects(loft.transfer(wallet, { to: "0x0000000000000000000000000000000000000000", amount: 1n }), code("BAD_ARGUMENT"));
  await assert.rejects(loft.waitForTransaction(`0x${"ab".repeat(32)}`, "sealed", { timeoutMs: 300 }), (error: unknown) => code("TIMEOUT")(error) && /unknown to the node/.test((error as Error).message));
});

test("behavior: a deposit on L1 is followed to L2 by its L1 transaction hash and credits the L2 account", async () => {
  const l1Wallet = new Wallet(keys[13]!, l1);
  const to = Wallet.createRandom().address;
  const deposit = await loft.deposit(l1Wallet, { to, amount: parseEther("0.75") });
  assert.match(deposit.l1TxHash, /^0x[0-9a-f]{64}$/);
  assert.equal(typeof deposit.queueIndex, "number");
  const credited = await deposit.wait("sealed", { timeoutMs: 30_000 });
  assert.deepEqual([credited.type, credited.to, credited.amount, credited.nonce, credited.l1TxHash], ["deposit", to, parseEther("0.75"), deposit.queueIndex, deposit.l1TxHash]);
  assert.equal((await loft.getTransaction(credited.hash!))?.type, "deposit", "its L2 hash is the node's");
  assert.equal((await loft.getAccount(to)).balance, parseEther("0.75"));
  await assert.rejects(loft.deposit(l1Wallet, { amount: 0n }), (error: unknown) => code("L1_REVERTED")(error) && /DepositZero/.test((error as Error).message));
  await assert.rejects(loft.deposit(new Wallet(keys[13]!), { amount: 1n }), code("WALLET"), "a signer without an L1 provider cannot send L1 transactions");
});

test("behavior: a withdrawal is claimed on L1 once final, once; a claim that pays someone else is refused", { timeout: 90_000 }, async () => {
  const wallet = new Wallet(keys[14]!);
  const recipient = Wallet.createRandom().address;
  const tx = await loft.withdraw(wallet, { recipient, amount: parseEther("1.5") });
  assert.equal(tx.request.type === "withdraw" && tx.request.recipient, recipient);
  const [pending] = await loft.withdrawals(recipient);
  await assert.rejects(loft.claimWithdrawal(new Wallet(keys[15]!, l1), pending ?? { batch: 0, index: 0, recipient, amount: 0n, status: "sealed", claimable: false }), code("NOT_CLAIMABLE"));
  await tx.wait("finalized", { timeoutMs: 60_000 });
  const [withdrawal] = await loft.withdrawals(recipient);
  assert.ok(withdrawal?.claimable, "claimable once final");
  const claimer = new Wallet(keys[15]!, l1); // anyone may send the claim
  const tampered = { ...withdrawal, amount: withdrawal.amount + 1n };
  await assert.rejects(loft.claimWithdrawal(claimer, tampered), (error: unknown) => code("NOT_CLAIMABLE")(error) && /not this withdrawal/.test((error as Error).message));
  const claim = await loft.claimWithdrawal(claimer, withdrawal);
  assert.equal(claim.receipt.status, 1);
  assert.equal(await l1.getBalance(recipient), parseEther("1.5"));
  await assert.rejects(loft.claimWithdrawal(claimer, withdrawal), code("ALREADY_CLAIMED"));
});

test("behavior: a full exit requested on L1 withdraws the whole L2 balance", { timeout: 60_000 }, async () => {
  const l1Wallet = new Wallet(keys[16]!, l1);
  const balance = (await loft.getAccount(l1Wallet.address)).balance;
  assert.ok(balance > 0n);
  const exit = await loft.requestFullExit(l1Wallet);
  const executed = await exit.wait("sealed", { timeoutMs: 30_000 });
  assert.deepEqual([executed.type, executed.to, executed.amount], ["fullExit", l1Wallet.address, balance]);
  assert.equal((await loft.getAccount(l1Wallet.address)).balance, 0n);
  const withdrawals = await loft.withdrawals(l1Wallet.address);
  assert.equal(withdrawals[0]?.amount, balance);
});

test("behavior: over HTTP JSON-RPC (POST /) the same client sends and waits, polling", async () => {
  const http = await connect(`http://127.0.0.1:${f.node.server.port}/`, { pollMs: 200 });
  try {
    const to = Wallet.createRandom().address;
    const tx = await http.transfer(new Wallet(keys[17]!), { to, amount: parseEther("0.5") });
    const sealed = await tx.wait("sealed", { timeoutMs: 20_000 });
    assert.equal(sealed.hash, tx.hash);
    assert.equal((await http.getAccount(to)).balance, parseEther("0.5"));
    await assert.rejects(http.transfer(new Wallet(keys[17]!), { to, amount: 1n, nonce: 0 }), code("NONCE_TOO_LOW"));
  } finally {
    await http.close();
  }
});

test("behavior: the explorer's account history pages with its cursor; a cursor into another address's history is a 400", async () => {
  const wallet = new Wallet(keys[19]!);
  const hashes: string[] = [];
  for (let i = 0; i < 3; i++) hashes.push((await loft.transfer(wallet, { to: Wallet.createRandom().address, amount: 1n })).hash);
  await loft.waitForTransaction(hashes[2]!, "sealed", { timeoutMs: 20_000 });
  const get = async (query: string) => {
    const response = await fetch(`http://127.0.0.1:${f.node.server.port}/api/accounts/${wallet.address}/txs?${query}`);
    return { status: response.status, body: (await response.json()) as { transactions: { hash: string }[]; next: { before: string } | null; parameter?: string } };
  };
  const first = await get("limit=2");
  assert.deepEqual(first.body.transactions.map((t) => t.hash), [hashes[2], hashes[1]]);
  assert.match(first.body.next!.before, /^\d+:\d+$/);
  const second = await get(`limit=2&before=${first.body.next!.before}`);
  assert.deepEqual(second.body.transactions.map((t) => t.hash), [hashes[0]], "a genesis account's history is its transactions");
  assert.equal(second.body.next, null);
  assert.equal((await get("limit=3")).body.next, null, "null exactly when nothing older exists");
  const foreign = await loft.getTransaction((await loft.transfer(new Wallet(keys[10]!), { to: Wallet.createRandom().address, amount: 1n })).hash);
  const sealed = await loft.waitForTransaction(foreign!.hash!, "sealed", { timeoutMs: 20_000 });
  const refused = await get(`before=${sealed.batch}:${sealed.index}`);
  assert.deepEqual([refused.status, refused.body.parameter], [400, "before"]);
  assert.equal((await get("before=x")).status, 400);
});
