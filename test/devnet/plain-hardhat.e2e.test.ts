/**
 * A new operator against a plain Hardhat node (automine only: a block per transaction, none
 * otherwise, as `npx hardhat node` runs): `loft deploy` with a dev key as sequencer, or with a key
 * that cannot pay the 200,000 ETH of genesis backing, is refused before anything is sent with what
 * to do (and doing it works); the node started on it reports the L1 stalled while its last commit
 * waits for a confirmation that never comes (/readyz fails l1Advancing), and recovers once the
 * L1 mines on an interval, through committed to finalized.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, hexlify, parseEther } from "ethers";
import pino from "pino";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { DeployRefusedError } from "../../sequencer/config/deploy-parameters.ts";
import { startHardhatNode, type HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { deployToChain } from "../../sequencer/node/chain-deploy.ts";
import { setUpChain } from "../../sequencer/node/chain-setup.ts";
import { startNode } from "../../sequencer/node/loft-node.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { RpcClient } from "../node/node-fixture.ts";

const root = mkdtempSync(join(tmpdir(), "loft-plain-hardhat-"));
let l1: HardhatNode | undefined;
after(async () => {
  await l1?.stop();
  rmSync(root, { recursive: true, force: true });
});

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

test("behavior: deploy refuses a dev key and an unfunded key with what to do; the node on an automine L1 says it stalls, then finalizes once L1 mines", { timeout: 180_000 }, async (t) => {
  l1 = await startHardhatNode({ blockIntervalMs: 0 }); // automine only, as `npx hardhat node`
  const provider = new JsonRpcProvider(l1.rpcUrl, undefined, { staticNetwork: true });
  try {
    const deploy = (flags: Record<string, string>) => deployToChain(resolveNodeConfig({ "l1-rpc": l1!.rpcUrl, "data-dir": join(root, "data"), "challenge-window": "2", ...flags }, {}, "deploy"));
    const startBlock = await provider.getBlockNumber();

    const devKey = hexlify(standardDevKeys(1)[0]!);
    await assert.rejects(deploy({ "sequencer-key": devKey }), (error: unknown) => {
      assert.ok(error instanceof DeployRefusedError);
      assert.match(error.message, /^loft deploy refused: the sequencer key's address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 is Hardhat dev account #0 .*, which the devnet genesis already funds with 10000\.0 ETH on L2; .*needs an address of its own/);
      assert.ok(!error.message.includes(devKey.slice(2)), "the key is not shown");
      return true;
    });

    const sequencer = Wallet.createRandom();
    const keyFile = join(root, "sequencer.key");
    writeFileSync(keyFile, sequencer.privateKey.slice(2), { mode: 0o600 });
    let fund = "";
    await assert.rejects(deploy({ "sequencer-key-file": keyFile }), (error: unknown) => {
      assert.ok(error instanceof DeployRefusedError);
      assert.match(error.message, new RegExp(`^loft deploy refused: the sequencer ${sequencer.address} has 0\\.0 ETH on chain 31337, but the deployment needs about 20000\\d\\.\\d+ ETH: 200000\\.0 ETH of genesis backing .* \\+ the 1\\.0 ETH bond \\+ gas\\. On a Hardhat node, fund it with: curl -s -H 'content-type: application/json' -d '(\\{[^']+\\})' ${l1!.rpcUrl} \\(anvil: anvil_setBalance\\), then run loft deploy again$`));
      fund = /-d '(\{[^']+\})'/.exec(error.message)![1]!;
      return true;
    });
    assert.equal(await provider.getBlockNumber(), startBlock, "nothing was sent");

    // the way through the message gives: fund the key as it says, deploy again
    const fundBlock = await provider.getBlockNumber();
    const funded = await (await fetch(l1.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: fund })).json() as { result?: unknown; error?: unknown };
    assert.equal(funded.error, undefined);
    const before = await provider.getBalance(sequencer.address);
    const deployed = await deploy({ "sequencer-key-file": keyFile });
    const gasPaid = before - (await provider.getBalance(sequencer.address)) - parseEther("200000") - deployed.bondWei;
    const gasPrice = (await provider.getFeeData()).maxFeePerGas!;
    let gasUsed = 0n;
    for (let n = fundBlock + 1; n <= (await provider.getBlockNumber()); n++) gasUsed += (await provider.getBlock(n))!.gasUsed;
    t.diagnostic(`deployment: ${gasUsed} gas in ${(await provider.getBlockNumber()) - fundBlock} blocks (the funding check assumes at most 15M)`);
    assert.ok(gasUsed < 15_000_000n);
    const deployedAt = await provider.getBlockNumber();
    await assert.rejects(deploy({ "sequencer-key-file": keyFile }), /^DeployRefusedError: loft deploy refused: data dir .*data already holds a rollup's data .*: give a --data-dir that does not exist yet$/);
    assert.equal(await provider.getBlockNumber(), deployedAt, "a second deployment into the same data dir is refused before anything is sent");
    assert.ok(gasPaid > 0n && gasPaid < 15_000_000n * gasPrice, `the deployment's gas (${gasPaid} wei) is within the 15M-gas estimate the funding check uses`);

    // the node on that automine L1, 2 confirmations: the last commit is mined, then nothing more comes
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const config = resolveNodeConfig({ "l1-rpc": l1.rpcUrl, "sequencer-key-file": keyFile, rollup: deployed.rollup, "data-dir": join(root, "data"), port: "0", "signature-workers": "1", "l1-confirmations": "2", "l1-stall-seconds": "2", "max-commit-delay": "0" }, {});
    const setup = await setUpChain(config);
    const node = await startNode(config, setup, log);
    const client = await RpcClient.open(node.url);
    try {
      const separator = domainSeparator(loftDomain(31337n, deployed.rollup));
      const { fee } = await client.call<{ fee: string }>("loft_estimateFee", [{ type: "transfer", to: sequencer.address, amount: "0x1" }]);
      await client.call("loft_sendTransaction", [signWithKey(standardDevKeys(2)[1]!, separator, { type: "transfer", to: sequencer.address, amount: 1n, fee: 2n * BigInt(fee), nonce: 0 })]);
      const http = `http://127.0.0.1:${node.server.port}`;
      const ready = async () => (await fetch(`${http}/readyz`)).json() as Promise<{ status: string; failing?: string[] }>;
      await until("the stall to be reported", async () => (await ready()).failing?.includes("l1Advancing") === true);
      const batch = node.latestBatch();
      assert.equal(node.reader.batch(batch)!.status, "sealed", "its commit is mined but has 1 of 2 confirmations");
      const warning = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).find((entry) => /^L1 stalled/.test(entry.msg));
      assert.ok(warning, "logged");
      assert.equal(warning.level, 40, "at warn level");
      assert.match(warning.msg, new RegExp(`while batch ${batch} waits for its commit and 2 L1 confirmations; .*evm_setIntervalMining.*${l1.rpcUrl.replaceAll(".", "\\.")}`));

      // the documented way through: interval mining
      await provider.send("evm_setIntervalMining", [500]);
      await until("ready again", async () => (await ready()).status === "ready");
      await until(`batch ${batch} finalized`, () => node.reader.batch(batch)!.status === "finalized");
      assert.ok(lines.some((line) => /L1 produces blocks again/.test(line)), "the recovery is logged");
    } finally {
      client.close();
      await node.stop();
    }
  } finally {
    provider.destroy();
  }
});
