/**
 * The explorer page in a real browser (playwright-core driving Debian's chromium) on a running
 * devnet node: the page goes live over the WebSocket, a transfer is searched while it is still
 * pending and its status turns to sealed without a reload; the page fits a phone screen; a batch
 * shows its L1 commit and chunks; a follower's frozen rollup (a fraud proof) shows as a banner.
 * Screenshots are saved under test-results/ as artifacts. Without /usr/bin/chromium the test is
 * skipped, except in CI (CI=true), where .ci/run installs it and its absence is a failure.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexlify, parseEther, toQuantity, Wallet } from "ethers";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { RpcClient, startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const RESULTS = join(process.cwd(), "test-results");
const skip = !existsSync(CHROMIUM) && process.env.CI !== "true" ? `${CHROMIUM} is missing (apt-get install chromium)` : false;

let f: NodeFixture | undefined;
let client: RpcClient | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
const keys = standardDevKeys();

before(async () => {
  if (skip) return;
  // Commits need 50 L1 blocks (~50 s), so a sealed transaction stays "sealed" while the test looks.
  f = await startDevnetNode({ "l1-confirmations": "50" });
  client = await RpcClient.open(f.node.url);
  profile = mkdtempSync(join(tmpdir(), "loft-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 390, height: 844 }, timeout: 30_000 });
});
after(async () => {
  await context?.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
  client?.close();
  await f?.close();
});

/** Twice the node's loft_estimateFee (the L1 price may move between the estimate and the send). */
async function minimumFee(rpc: RpcClient, request: { type: string; to?: string; recipient?: string; amount: bigint }): Promise<bigint> {
  const { fee } = await rpc.call<{ fee: string }>("loft_estimateFee", [{ ...request, amount: toQuantity(request.amount) }]);
  return 2n * BigInt(fee);
}

/** Runs `body` on a new page at `url`; the screenshot is saved whether it passes or fails. */
async function withPage(url: string, screenshot: string, body: (page: Page) => Promise<void>): Promise<void> {
  const page = await context!.newPage();
  page.setDefaultTimeout(20_000);
  try {
    await page.goto(url);
    await page.locator("#live.on").waitFor();
    await body(page);
  } finally {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, screenshot), fullPage: true }).catch(() => {});
    await page.close();
  }
}

test("behavior: a searched transfer turns from accepted to sealed without a reload, on a phone-sized screen", { skip, timeout: 90_000 }, async () => {
  await withPage(`http://127.0.0.1:${f!.node.server.port}/`, "explorer-phone.png", async (page) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const { domain } = await client!.call<{ domain: { chainId: string; verifyingContract: string } }>("loft_getDomain");
    const separator = domainSeparator(loftDomain(BigInt(domain.chainId), domain.verifyingContract));
    const to = Wallet.createRandom().address;
    const fee = await minimumFee(client!, { type: "transfer", to, amount: parseEther("0.5") });
    const send = (nonce: number) => client!.call<string>("loft_sendTransaction", [signWithKey(keys[6]!, separator, { type: "transfer", to, amount: parseEther("0.5"), fee, nonce })]);
    // Nonce 1 waits in the mempool until nonce 0 arrives: searched while certainly still pending.
    const hash = await send(1);
    await page.fill("#search-input", hash);
    await page.click("#search button");
    await page.locator("[data-view=tx][data-status=accepted]").waitFor();
    await page.evaluate(() => Object.assign(window, { sameDocument: true })); // a reload would lose it
    await send(0);
    await page.locator("[data-view=tx][data-status=sealed]").waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, "the page was not reloaded");
    const text = await page.locator("#view").innerText();
    assert.match(text, new RegExp(to.slice(2, 10), "i"));
    assert.match(text, /0\.5 ETH/);
    await page.locator("#batches tbody tr").first().waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scrolling on a phone screen");
    assert.equal(await page.locator("#frozen").isHidden(), true, "a sequencer knows of no fraud proof");
    await page.locator("#stats .card").first().waitFor();
    assert.doesNotMatch(await page.locator("main").innerText(), /undefined|null|NaN/, "no missing field shows");
    assert.deepEqual(errors, []);
  });
});

test("behavior: search by batch number and by address opens the batch and account views", { skip, timeout: 60_000 }, async () => {
  await withPage(`http://127.0.0.1:${f!.node.server.port}/`, "explorer-desktop.png", async (page) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill("#search-input", "1");
    await page.click("#search button");
    await page.locator("[data-view=batch]").waitFor();
    assert.match(await page.locator("#view h2").innerText(), /Batch #1/);
    const address = new Wallet(hexlify(keys[6]!)).address;
    await page.fill("#search-input", address);
    await page.press("#search-input", "Enter");
    await page.locator("[data-view=account]").waitFor();
    assert.match(await page.locator("#view").innerText(), new RegExp(address));
    await page.fill("#search-input", "not a thing");
    await page.click("#search button");
    await page.locator("#search-error", { hasText: "Enter a transaction hash" }).waitFor(); // beside the search box: the open view stays
    assert.match(await page.locator("#view").innerText(), new RegExp(address));
  });
});

test("behavior: a finalized withdrawal shows its claim-on-L1 calldata in the account view", { skip, timeout: 90_000 }, async () => {
  const finalizing = await startDevnetNode(); // 1 confirmation, 3 s challenge window
  const wallet = await RpcClient.open(finalizing.node.url);
  try {
    const { domain } = await wallet.call<{ domain: { chainId: string; verifyingContract: string } }>("loft_getDomain");
    const separator = domainSeparator(loftDomain(BigInt(domain.chainId), domain.verifyingContract));
    const recipient = Wallet.createRandom().address;
    await wallet.call("loft_subscribe", ["receipts"]);
    // the chain's first transaction: its batch is in the first commit, whose parent is genesis
    const fee = await minimumFee(wallet, { type: "withdraw", recipient, amount: parseEther("1.25") });
    const hash = await wallet.call<string>("loft_sendTransaction", [signWithKey(keys[7]!, separator, { type: "withdraw", recipient, amount: parseEther("1.25"), fee, nonce: 0 })]);
    const final = await wallet.waitFor((n) => n.result.hash === hash && n.result.status === "finalized", 60_000);
    await withPage(`http://127.0.0.1:${finalizing.node.server.port}/#/account/${recipient}`, "explorer-claim.png", async (page) => {
      const calldata = page.locator("[data-claimable=true] textarea");
      await calldata.waitFor();
      const response = await fetch(`http://127.0.0.1:${finalizing.node.server.port}/api/withdrawals/${recipient}`);
      const { withdrawals } = (await response.json()) as { withdrawals: { claim: { to: string; data: string } }[] };
      assert.equal(await calldata.inputValue(), withdrawals[0]!.claim.data);
      const text = await page.locator("[data-claimable=true]").innerText();
      assert.match(text, /1\.25 ETH/);
      assert.match(text, new RegExp(finalizing.l1.rollup, "i"));
    });
    const batch = Number(final.result.batch);
    const api = await (await fetch(`http://127.0.0.1:${finalizing.node.server.port}/api/batches/${batch}`)).json() as { commit: { index: number; l1TxHash: string }; chunkCount: number };
    await withPage(`http://127.0.0.1:${finalizing.node.server.port}/#/batch/${batch}`, "explorer-batch-commit.png", async (page) => {
      await page.locator("[data-view=batch]").waitFor();
      const text = await page.locator("#view").innerText();
      assert.match(text, new RegExp(`L1 commit\\s+#${api.commit.index}: batch`));
      assert.match(text, new RegExp(api.commit.l1TxHash));
      assert.match(text, new RegExp(`Chunks\\s+${api.chunkCount} \\(32 positions each\\)`));
      assert.equal(await page.locator("#view [data-chunk]").count(), api.chunkCount);
      assert.match(await page.locator(`#batches tr[data-batch="${batch}"]`).innerText(), new RegExp(`#${api.commit.index}`));
    });
  } finally {
    wallet.close();
    await finalizing.close();
  }
});

test("behavior: a follower's frozen record shows a banner naming the proven batch and the fraud kind, and its challenger's proof", { skip, timeout: 60_000 }, async () => {
  // A real freeze needs a fraud proof on L1 (test/fraud/); here the stats a frozen follower answers are served to the page.
  const frozen = { provenBatch: 2, kind: 9, kindName: "BadSignature", l1TxHash: `0x${"ab".repeat(32)}`, l1Block: 40, removedCommit: 2, removedFromBatch: 2, verifiedButRemoved: 0 };
  const challenger = { prover: "0x00000000000000000000000000000000000000c1", proofs: [{ batch: 2, status: "proven", kind: "BadSignature", at: "2026-01-01T00:00:00.000Z" }], lastError: null };
  await withPage(`http://127.0.0.1:${f!.node.server.port}/`, "explorer-frozen.png", async (page) => {
    await page.route("**/api/stats", async (route) => {
      const response = await route.fetch();
      const stats = await response.json();
      await route.fulfill({ response, json: { ...stats, follower: { verifiedBatch: 1, mismatch: { batch: 2, field: "signature", detail: "" }, frozen, challenger } } });
    });
    const banner = page.locator("#frozen[role=alert] [data-frozen-batch='2'][data-frozen-kind='9']");
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /Rollup frozen by a fraud proof/);
    assert.match(text, /Batch #2 was proven wrong on L1 \(BadSignature, kind 9\)/);
    assert.match(text, /Commit #2 \(from batch #2\) and every later one are removed/);
    const cards = await page.locator("#stats").innerText();
    assert.match(cards, /Challenger\s+1 proof, last: proven \(BadSignature, batch 2\)/);
    assert.match(cards, /Verified \(follower\)\s+1/);
  });
});
