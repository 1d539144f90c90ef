/**
 * README's "First transfer" snippet, run as written against a devnet node: its code block is
 * extracted, only the node URL is replaced by the test node's, and it runs with tsx as the
 * README says (a file in the repo root); the transfer it sends must be sealed and paid.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseEther } from "ethers";
import { RpcClient, startDevnetNode } from "../node/node-fixture.ts";

const root = join(import.meta.dirname, "../..");

function snippet(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## First transfer"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, "README has a ```ts block under ## First transfer");
  return code;
}

test("behavior: the README's first-transfer snippet sends 0.1 ETH and sees it sealed", { timeout: 90_000 }, async () => {
  const code = snippet();
  assert.match(code, /ws:\/\/127\.0\.0\.1:8547\/ws/);
  const f = await startDevnetNode();
  const file = join(root, `.readme-first-transfer-${process.pid}.ts`);
  const client = await RpcClient.open(f.node.url);
  try {
    const recipient = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    const before = BigInt((await client.call<{ balance: string }>("loft_getAccount", [recipient])).balance);
    writeFileSync(file, code.replace("ws://127.0.0.1:8547/ws", f.node.url));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file], { cwd: root, timeout: 60_000 });
    assert.match(stdout, /^sent 0x[0-9a-f]{64} \(fee \d+ wei, nonce 0\)$/m);
    assert.match(stdout, /^sealed in batch \d+; 9,?999\.[89]\d* ETH left$/m);
    const after = BigInt((await client.call<{ balance: string }>("loft_getAccount", [recipient])).balance);
    assert.equal(after - before, parseEther("0.1"));
  } finally {
    rmSync(file, { force: true });
    client.close();
    await f.close();
  }
});
