/**
 * The explorer page's escape hatch in a real browser (playwright-core driving Debian's chromium):
 * with a frozen rollup's stats (a freeze() after the inclusion window) the banner names the cause
 * and the escape batch and links to the escape views; #/escape/deposits lists every unprocessed
 * deposit with its exact reclaimDeposit calldata or where it was paid; #/escape/ADDR shows the
 * account's balance in the escape state, its proof and its exact escape calldata (or where it was
 * paid). The frozen answers are served to the page by the test (test/escape/escape.e2e.test.ts
 * checks the API itself on a really frozen devnet). Skipped without /usr/bin/chromium, except in CI.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const RESULTS = join(process.cwd(), "test-results");
const skip = !existsSync(CHROMIUM) && process.env.CI !== "true" ? `${CHROMIUM} is missing (apt-get install chromium)` : false;

let f: NodeFixture | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;

before(async () => {
  if (skip) return;
  f = await startDevnetNode();
  profile = mkdtempSync(join(tmpdir(), "loft-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 390, height: 844 }, timeout: 30_000 });
});
after(async () => {
  await context?.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
  await f?.close();
});

const ROLLUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const hatch = { frozen: true, escapeBatch: 11, escapeQueueCount: 3, escapeStateRoot: `0x${"5e".repeat(32)}`, frozenAt: 1_764_030_000 };
const frozen = { cause: "inclusion", ...hatch, staleQueueIndex: 4, l1TxHash: `0x${"fa".repeat(32)}`, l1Block: 120, kindName: null };
const reclaimData = "0x9a7e2f4a0000000000000000000000000000000000000000000000000000000000000003";
const escapeData = `0xdeadbeef${"00".repeat(64)}`;
const deposits = [
  { queueIndex: 3, depositor: ACCOUNT, to: ACCOUNT, amount: "700000000000000000", reclaimed: null, reclaim: { to: ROLLUP, data: reclaimData, value: "0" } },
  { queueIndex: 4, depositor: ACCOUNT, to: ACCOUNT, amount: "300000000000000000", reclaimed: { l1TxHash: `0x${"cd".repeat(32)}`, l1Block: 130 }, reclaim: null },
];
const escape = {
  ...hatch, address: ACCOUNT, batch: 11, stateRoot: hatch.escapeStateRoot,
  account: { index: 22, balance: "5000000000000000000", nonce: 3, proof: { index: 22, length: 25, branch: Array.from({ length: 32 }, () => `0x${"00".repeat(32)}`) } },
  escaped: null, escape: { to: ROLLUP, data: escapeData, value: "0" }, deposits,
};

async function withFrozenPage(path: string, screenshot: string, body: (page: Page) => Promise<void>): Promise<void> {
  const page = await context!.newPage();
  page.setDefaultTimeout(20_000);
  try {
    await page.route("**/api/stats", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), frozen } });
    });
    await page.route("**/api/escape?**", (route) => route.fulfill({ json: { ...hatch, depositCount: 2, offset: 0, deposits } }));
    await page.route(`**/api/escape/${ACCOUNT}`, (route) => route.fulfill({ json: escape }));
    await page.goto(`http://127.0.0.1:${f!.node.server.port}/${path}`);
    await body(page);
  } finally {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, screenshot), fullPage: true }).catch(() => {});
    await page.close();
  }
}

test("behavior: a freeze after the inclusion window shows a banner with the escape batch and links to the escape views", { skip, timeout: 60_000 }, async () => {
  await withFrozenPage("", "explorer-frozen-inclusion.png", async (page) => {
    const banner = page.locator("#frozen[role=alert] [data-frozen-cause='inclusion'][data-frozen-batch='11']");
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /Rollup frozen: escape is open/);
    assert.match(text, /L1 queue message 4 waited past the inclusion window/);
    assert.match(text, /escape batch #11/);
    assert.equal(await banner.locator("a[href='#/escape/deposits']").count(), 1);
  });
});

test("behavior: the escape views show the exact calldata of every reclaim and of an account's escape, and what was paid", { skip, timeout: 60_000 }, async () => {
  await withFrozenPage("#/escape/deposits", "explorer-escape-deposits.png", async (page) => {
    await page.locator("[data-view=escape]").waitFor();
    assert.match(await page.locator("#view").innerText(), /Escape batch\s+#11/);
    assert.equal(await page.locator("[data-queue-index='3'] textarea").inputValue(), reclaimData);
    assert.equal(await page.locator("[data-queue-index='4'][data-reclaimed='true'] textarea").count(), 0);
    assert.match(await page.locator("[data-queue-index='4']").innerText(), /already paid on L1 in 0xcdcdcd/);
  });
  await withFrozenPage(`#/escape/${ACCOUNT}`, "explorer-escape-account.png", async (page) => {
    await page.locator("[data-view=escape] [data-escapable='true']").waitFor();
    const text = await page.locator("#view").innerText();
    assert.match(text, /Balance in the escape state\s+5(\.0+)? ETH \(5000000000000000000 wei\)/);
    assert.match(text, /Proof\s+32 siblings against 0x5e5e5e5e/);
    assert.equal(await page.locator("[data-escapable='true'] textarea").inputValue(), escapeData);
    assert.equal(await page.locator("[data-queue-index='3'] textarea").inputValue(), reclaimData, "its own reclaimable deposits too");
  });
});
