/**
 * The explorer's HTTP API on a real devnet node: every endpoint, its encodings (wei as decimal
 * strings), its proofs checked independently, keyset pagination, batches with their L1 commit
 * (checked against the BatchesCommitted event) and posted chunk entries, claims paid on L1, and
 * every error (400 / 404 with a JSON body, CORS on all of them).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { getBytes, hexlify, JsonRpcProvider, parseEther, Wallet } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { Account } from "../../sequencer/protocol/ssz-types.ts";
import { readSegments } from "../../sequencer/batch-data/segments.ts";
import { batchesCommittedTopic, commitEventOf } from "../../sequencer/l1/commit-event.ts";
import { withdrawalClaim } from "../../sequencer/node/withdrawal-claims.ts";
import { RpcClient, startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";
import { httpGet } from "./explorer-http.ts";
import { listRootFromProof } from "./merkle-check.ts";

let f: NodeFixture;
let client: RpcClient;
let separator: Uint8Array;
const keys = standardDevKeys();
const sender = new Wallet(hexlify(keys[4]!));
const recipient = Wallet.createRandom().address;
const sent: { transfer?: string; withdraw?: string } = {};
/** The same address with one letter's case flipped: a broken EIP-55 checksum. */
const badChecksum = (address: string) => {
  const at = address.slice(2).search(/[a-fA-F]/) + 2;
  const c = address[at]!;
  return address.slice(0, at) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + address.slice(at + 1);
};
const get = (path: string, init?: RequestInit) => httpGet(f.node.server.port, path, init);
/** Above the node's minimum fee (sequencer/fees) on the devnet: 0.001 ETH. */
const FEE = 10n ** 15n;

before(async () => {
  f = await startDevnetNode();
  client = await RpcClient.open(f.node.url);
  const { domain } = await client.call<{ domain: { chainId: string; verifyingContract: string } }>("loft_getDomain");
  separator = domainSeparator(loftDomain(BigInt(domain.chainId), domain.verifyingContract));
  await client.call("loft_subscribe", ["receipts"]);
  sent.transfer = await client.call<string>("loft_sendTransaction", [signWithKey(keys[4]!, separator, { type: "transfer", to: recipient, amount: parseEther("2"), fee: FEE, nonce: 0 })]);
  // the withdrawal goes into a later commit than batch 1's (its claim proves a commit with a stored parent; the page test claims from the first)
  await client.waitFor((n) => n.result.hash === sent.transfer && n.result.status === "committed");
  sent.withdraw = await client.call<string>("loft_sendTransaction", [signWithKey(keys[4]!, separator, { type: "withdraw", recipient, amount: parseEther("1"), fee: FEE, nonce: 1 })]);
  await client.waitFor((n) => n.result.hash === sent.withdraw && n.result.status === "sealed");
});
after(async () => {
  client?.close();
  await f?.close();
});

test("default: /api/stats counts the chain, its throughput, mempool, L1 lag and the sequencer's L1 balance", async () => {
  const { status, body, headers } = await get("/api/stats");
  assert.equal(status, 200);
  assert.equal(headers.get("access-control-allow-origin"), "*");
  assert.ok(body.batches >= 1 && body.transactions >= 2 && body.accounts >= 21);
  assert.ok(body.tps.last10s >= 0 && body.tps.last1m > 0);
  assert.equal(typeof body.mempool.size, "number");
  assert.equal(body.latest.sealed, body.batches);
  // issue 15: the state-size guard's limit and headroom, the fee policy
  assert.deepEqual([body.stateSize.accounts, body.stateSize.limit], [body.accounts, 24_000_000]);
  assert.equal(body.stateSize.headroom, body.stateSize.limit - body.accounts - body.mempool.size);
  assert.ok(BigInt(body.fees.minimumTransferFee) > 0n && body.fees.l1DataMode === "calldata" && body.fees.congestionPercent >= 100);
  assert.match(body.l1.sequencerBalance, /^[0-9]+$/);
  assert.ok(BigInt(body.l1.sequencerBalance) > 0n);
  assert.match(body.l1.sequencer, /^0x[0-9a-fA-F]{40}$/);
  assert.equal(typeof body.l1.postingLagBatches, "number");
  assert.ok(body.recent.some((s: { txCount: number; latencySeconds: number | null }) => s.txCount >= 1 && s.latencySeconds !== null));
});

test("default: a transaction with its batch, index and a Merkle proof against the batch's txRoot", async () => {
  const { status, body: tx } = await get(`/api/txs/${sent.transfer}`);
  assert.equal(status, 200);
  assert.deepEqual([tx.type, tx.from, tx.to, tx.amount, tx.fee, tx.nonce], ["transfer", sender.address, recipient, parseEther("2").toString(), FEE.toString(), 0]);
  assert.ok(["sealed", "committed", "finalized"].includes(tx.status));
  const { body: batch } = await get(`/api/batches/${tx.batch}`);
  assert.equal(tx.proof.txRoot, batch.txRoot);
  assert.equal(tx.proof.index, tx.index);
  assert.equal(tx.proof.branch.length, 16);
  assert.equal(listRootFromProof(tx.proof.leaf, tx.proof.branch, tx.index, tx.proof.length), batch.txRoot);
  assert.equal(tx.proof.length, batch.txCount);
});

test("behavior: a pending transaction is accepted, with no batch and no proof yet", async () => {
  const hash = await client.call<string>("loft_sendTransaction", [signWithKey(keys[5]!, separator, { type: "transfer", to: recipient, amount: 5n, fee: FEE, nonce: 3 })]);
  const { status, body } = await get(`/api/txs/${hash}`);
  assert.equal(status, 200);
  assert.deepEqual([body.status, body.batch, body.index, body.proof, body.nonce, body.amount], ["accepted", undefined, undefined, undefined, 3, "5"]);
});

test("default: batch detail has every header field, status, sizes raw and compressed and bytes per tx", async () => {
  const { body: tx } = await get(`/api/txs/${sent.withdraw}`);
  const { status, body } = await get(`/api/batches/${tx.batch}`);
  assert.equal(status, 200);
  for (const field of ["root", "parentRoot", "stateRoot", "txRoot", "exitRoot", "dataHash"]) assert.match(body[field], /^0x[0-9a-f]{64}$/, field);
  assert.equal(body.number, tx.batch);
  assert.ok(body.timestamp > 1_600_000_000 && Number.isInteger(body.queueCount));
  assert.ok(body.txCount >= 1 && body.withdrawalCount >= 1);
  assert.equal(body.sizes.rawBytes, body.txCount * 146);
  assert.ok(body.sizes.compressedBytes > 0 && body.sizes.compressedBytes === f.node.reader.batchData(body.number)!.length);
  assert.equal(body.sizes.bytesPerTx, Math.round((body.sizes.compressedBytes / body.txCount) * 100) / 100);
  assert.equal(body.chunkCount, Math.ceil(body.txCount / 32));
  assert.deepEqual(body.chunks.map((c: { index: number; firstPosition: number }) => [c.index, c.firstPosition]), [[0, 0]]);
  assert.equal(body.chunks[0].positions, body.txCount);
  const { body: page } = await get(`/api/batches/${tx.batch}/txs?offset=${tx.index}&limit=1`);
  assert.equal(page.transactions.length, 1);
  assert.equal(page.transactions[0].hash, sent.withdraw);
  assert.equal(page.transactions[0].recipient, recipient);
  assert.equal(page.transactions[0].amount, parseEther("1").toString());
  const { body: beyond } = await get(`/api/batches/${tx.batch}/txs?offset=60000`);
  assert.deepEqual(beyond.transactions, []);
});

test("behavior: batches page newest first with keyset pagination (before = the last number seen)", async () => {
  for (let nonce = 2; nonce < 5; nonce++) {
    const hash = await client.call<string>("loft_sendTransaction", [signWithKey(keys[4]!, separator, { type: "transfer", to: recipient, amount: 1n, fee: FEE, nonce })]);
    await client.waitFor((n) => n.result.hash === hash && n.result.status === "sealed");
  }
  const latest = f.node.reader.latestSealed()!;
  assert.ok(latest >= 3);
  const { body: first } = await get("/api/batches?limit=2");
  assert.deepEqual(first.batches.map((b: { number: number }) => b.number), [latest, latest - 1]);
  assert.deepEqual(first.next, { before: latest - 1 });
  const { body: second } = await get(`/api/batches?limit=2&before=${first.next.before}`);
  assert.equal(second.batches[0].number, latest - 2);
  const { body: all } = await get(`/api/batches?limit=100`);
  assert.equal(all.batches.length, latest);
  assert.equal(all.next, null);
  const { body: last } = await get("/api/batches?before=1");
  assert.deepEqual(last, { batches: [], next: null });
});

test("behavior: a batch of 40 transactions posts 2 chunks, and its L1 commit is the one BatchesCommitted names", { timeout: 60_000 }, async () => {
  // nonces 1..39 wait in the mempool until nonce 0 arrives, so all 40 are sealed in one batch
  const to = Wallet.createRandom().address;
  const send = (nonce: number) => client.call<string>("loft_sendTransaction", [signWithKey(keys[8]!, separator, { type: "transfer", to, amount: 1n, fee: FEE, nonce })]);
  for (let nonce = 39; nonce >= 1; nonce--) await send(nonce);
  const first = await send(0);
  const committed = await client.waitFor((n) => n.result.hash === first && n.result.status === "committed", 40_000);
  const number = Number(committed.result.batch);
  const { body } = await get(`/api/batches/${number}`);
  assert.ok(body.txCount >= 40, `batch ${number} holds ${body.txCount} positions`);
  assert.equal(body.chunkCount, Math.ceil(body.txCount / 32));
  assert.equal(body.chunks.length, body.chunkCount);
  const stored = f.node.reader.batch(number)!;
  const parentQueue = number === 1 ? 0 : (await get(`/api/batches/${number - 1}`)).body.queueCount;
  const { segments } = readSegments(new Uint8Array(f.node.reader.batchData(number)!), body.queueCount - parentQueue);
  assert.deepEqual(body.chunks.map((c: { entry: string }) => c.entry), segments.map((s) => hexlify(s.entry)));
  assert.deepEqual(body.chunks.map((c: { bytes: number }) => c.bytes), segments.map((s) => s.chunk.length));
  assert.deepEqual(body.chunks.map((c: { positions: number }) => c.positions), Array.from({ length: body.chunkCount }, (_, c) => Math.min(32, body.txCount - 32 * c)));
  const { commit } = body;
  assert.equal(commit.l1TxHash, stored.l1TxHash);
  assert.equal(commit.l1TxHash, body.l1TxHash);
  assert.ok(commit.firstBatch <= number && number <= commit.lastBatch && commit.batches === commit.lastBatch - commit.firstBatch + 1);
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const receipt = (await provider.getTransactionReceipt(commit.l1TxHash))!;
    const event = commitEventOf(receipt.logs.find((log) => log.topics[0] === batchesCommittedTopic())!);
    assert.deepEqual([event.commitIndex, event.firstBatch, event.lastBatch], [commit.index, commit.firstBatch, commit.lastBatch]);
  } finally {
    provider.destroy();
  }
  const { body: page } = await get(`/api/batches?before=${commit.lastBatch + 1}&limit=${commit.batches}`);
  assert.deepEqual(page.batches.map((b: { number: number }) => b.number).reverse(), Array.from({ length: commit.batches }, (_, i) => commit.firstBatch + i));
  for (const listed of page.batches) assert.deepEqual(listed.commit, commit, `batch ${listed.number}`);
  assert.equal("chunks" in page.batches[0], false); // entries only on the single-batch route
  const { body: stats } = await get("/api/stats");
  assert.ok(stats.commits.latest >= commit.index);
  assert.equal(stats.commits.latest, f.node.reader.batch(stats.latest.committed)!.commit!.index);
  assert.equal("follower" in stats, false);
});

test("default: an account with balance, nonce, index and a proof against the latest state root", async () => {
  const { status, body } = await get(`/api/accounts/${recipient.toLowerCase()}`);
  assert.equal(status, 200);
  assert.equal(body.address, recipient);
  assert.equal(body.balance, (parseEther("2") + 3n).toString());
  assert.equal(body.nonce, 0);
  assert.equal(typeof body.index, "number");
  assert.equal(body.proof.branch.length, 32);
  const leaf = hexlify(Account.hashTreeRoot({ address: getBytes(recipient), balance: BigInt(body.balance), nonce: 0 }));
  assert.equal(listRootFromProof(leaf, body.proof.branch, body.index, body.proof.length), body.stateRoot);
  const { body: latest } = await get(`/api/batches/${body.stateBatch}`);
  assert.equal(latest.stateRoot, body.stateRoot);
  const unknown = Wallet.createRandom().address;
  const { status: unknownStatus, body: empty } = await get(`/api/accounts/${unknown}`);
  assert.equal(unknownStatus, 200);
  assert.deepEqual([empty.balance, empty.nonce, empty.index, empty.proof], ["0", 0, null, null]);
});

test("default: account history lists the transactions touching an address, newest first, bounded", async () => {
  const { status, body } = await get(`/api/accounts/${sender.address}/txs`);
  assert.equal(status, 200);
  const hashes = body.transactions.map((t: { hash: string }) => t.hash);
  assert.ok(hashes.includes(sent.transfer) && hashes.includes(sent.withdraw));
  assert.ok(body.transactions[0].nonce > body.transactions[body.transactions.length - 1].nonce);
  const { body: one } = await get(`/api/accounts/${sender.address}/txs?limit=1`);
  assert.equal(one.transactions.length, 1);
});

test("behavior: a withdrawal is listed with its status, and once final its calldata pays on L1", { timeout: 60_000 }, async () => {
  const { body: before } = await get(`/api/withdrawals/${recipient}`);
  assert.equal(before.withdrawals.length, 1);
  const listed = before.withdrawals[0];
  assert.deepEqual([listed.recipient, listed.amount, listed.index], [recipient, parseEther("1").toString(), 0]);
  assert.equal(listed.claimable, listed.status === "finalized");
  assert.equal(listed.commit, f.node.reader.batch(listed.batch)!.commit?.index ?? null);
  await client.waitFor((n) => n.result.hash === sent.withdraw && n.result.status === "finalized", 40_000);
  const { body: after } = await get(`/api/withdrawals/${recipient}`);
  const claimable = after.withdrawals[0];
  assert.equal(claimable.status, "finalized");
  assert.equal(claimable.claimable, true);
  assert.equal(claimable.claim.to, f.l1.rollup);
  assert.equal(claimable.claim.data, withdrawalClaim(f.node.reader, claimable.batch, 0)!.calldata);
  assert.ok(claimable.commit >= 2, "a later commit than batch 1's");
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const balanceBefore = await provider.getBalance(recipient);
    const claimer = new Wallet(hexlify(keys[9]!), provider);
    await (await claimer.sendTransaction({ to: claimable.claim.to, data: claimable.claim.data })).wait();
    assert.equal(await provider.getBalance(recipient), balanceBefore + parseEther("1"));
  } finally {
    provider.destroy();
  }
});

test("error: bad parameters get 400 with a JSON error naming the parameter", async () => {
  const cases: [string, string][] = [
    ["/api/batches?limit=0", "limit"], ["/api/batches?limit=101", "limit"], ["/api/batches?limit=ten", "limit"],
    ["/api/batches?before=-1", "before"], ["/api/batches?before=0x10", "before"], ["/api/batches?page=2", "page"],
    ["/api/batches?limit=1&limit=2", "limit"], ["/api/batches/abc", "batch"], ["/api/batches/01", "batch"],
    ["/api/batches/99999999999999999999", "batch"], ["/api/batches/1/txs?limit=501", "limit"],
    ["/api/batches/1/txs?offset=70000", "offset"], ["/api/txs/0x1234", "hash"], ["/api/txs/nothex", "hash"],
    [`/api/accounts/0x${"zz".repeat(20)}`, "address"], [`/api/accounts/${badChecksum(recipient)}`, "address"],
    [`/api/accounts/${recipient}/txs?limit=1000`, "limit"], [`/api/withdrawals/${recipient}?limit=-5`, "limit"],
    ["/api/stats?verbose=1", "verbose"], ["/api/withdrawals/0x12", "address"],
  ];
  for (const [path, parameter] of cases) {
    const { status, body, headers } = await get(path);
    assert.equal(status, 400, path);
    assert.equal(body.parameter, parameter, path);
    assert.equal(typeof body.error, "string", path);
    assert.ok(body.error.length > 10, path);
    assert.equal(headers.get("access-control-allow-origin"), "*", path);
  }
});

test("error: unknown things get 404 with a JSON error", async () => {
  for (const path of ["/api/batches/999999", "/api/batches/999999/txs", `/api/txs/0x${"ab".repeat(32)}`, "/api/nothing", "/api/batches/1/nope"]) {
    const { status, body, headers } = await get(path);
    assert.equal(status, 404, path);
    assert.equal(typeof body.error, "string", path);
    assert.equal(headers.get("access-control-allow-origin"), "*", path);
  }
  const preflight = await get("/api/stats", { method: "OPTIONS" });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /GET/);
});

test("default: /metrics in Prometheus text with transaction, batch, latency, connection and process metrics", async () => {
  await assert.rejects(client.call("loft_sendTransaction", [signWithKey(keys[4]!, separator, { type: "transfer", to: recipient, amount: 1n, fee: FEE, nonce: 0 })]));
  const { status, text, headers } = await get("/metrics");
  assert.equal(status, 200);
  assert.match(headers.get("content-type") ?? "", /^text\/plain/);
  const value = (line: RegExp) => Number((text.match(line) ?? [])[1] ?? NaN);
  assert.ok(value(/^loft_transactions_accepted_total (\d+)/m) >= 5);
  assert.ok(value(/^loft_transactions_rejected_total\{stage="admission",reason="nonce too low"\} (\d+)/m) >= 1);
  assert.ok(value(/^loft_batches_sealed_total (\d+)/m) >= 3);
  assert.ok(value(/^loft_seal_duration_seconds_count (\d+)/m) >= 3);
  assert.ok(value(/^loft_transaction_inclusion_seconds_count (\d+)/m) >= 5);
  assert.ok(value(/^loft_l1_post_latency_seconds_count (\d+)/m) >= 1);
  assert.ok(value(/^loft_websocket_connections (\d+)/m) >= 1);
  assert.ok(value(/^loft_batch_compression_ratio ([0-9.]+)/m) > 0);
  assert.ok(value(/^loft_mempool_transactions (\d+)/m) >= 0);
  assert.ok(value(/^loft_l1_posting_lag_batches (\d+)/m) >= 0);
  assert.match(text, /^loft_l1_posting_lag_seconds /m);
  assert.equal(value(/^loft_state_accounts_limit (\d+)/m), 24_000_000);
  assert.ok(value(/^loft_state_accounts_headroom (\d+)/m) > 23_000_000);
  assert.ok(value(/^loft_minimum_transfer_fee_wei (\d+)/m) > 0);
  assert.match(text, /^process_cpu_user_seconds_total /m);
  assert.match(text, /^loft_rpc_request_duration_seconds_count\{method="loft_sendTransaction",outcome="ok"\} \d+/m);
  assert.match(text, /^loft_http_requests_total\{route="\/api\/batches",status="400"\} \d+/m);
});

test("default: /healthz, /readyz and the page at /", async () => {
  assert.deepEqual((await get("/healthz")).body, { status: "ok" });
  const ready = await get("/readyz");
  assert.equal(ready.status, 200);
  assert.equal(ready.body.status, "ready");
  const page = await get("/");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(page.text, /<script type="module" src="\/explorer\.js">/);
  assert.equal((await get("/explorer.js")).status, 200);
  assert.equal((await get("/explorer.css")).status, 200);
});
