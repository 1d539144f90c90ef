/**
 * `loft deploy` to a chain other than a local devnet (chain id 31337) refuses, before it sends
 * anything, the devnet's default windows and bond and a challenge window under a day
 * (sequencer/config/deploy-parameters.ts). The "chain" is a JSON-RPC stub on 127.0.0.1 that
 * answers eth_chainId with 1 and records every method it is asked.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { DeployRefusedError } from "../../sequencer/config/deploy-parameters.ts";
import { deployToChain } from "../../sequencer/node/chain-deploy.ts";

async function mainnetStub(): Promise<{ url: string; methods: string[]; server: Server }> {
  const methods: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const calls = [JSON.parse(body)].flat() as { id: number; method: string }[];
      const answers = calls.map(({ id, method }) => {
        methods.push(method);
        return method === "eth_chainId" ? { jsonrpc: "2.0", id, result: "0x1" } : { jsonrpc: "2.0", id, error: { code: -32601, message: `${method} not in this stub` } };
      });
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(Array.isArray(JSON.parse(body)) ? answers : answers[0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, methods, server };
}

test("error: loft deploy to chain id 1 without explicit windows and bond, or with a short window, is refused before anything is sent", { timeout: 30_000 }, async () => {
  const stub = await mainnetStub();
  const dir = mkdtempSync(join(tmpdir(), "loft-deploy-"));
  const dataDir = join(dir, "data");
  try {
    const flags = { "l1-rpc": stub.url, "sequencer-key": `0x${"ab".repeat(32)}`, "data-dir": dataDir };
    await assert.rejects(deployToChain(resolveNodeConfig(flags, {}, "deploy")), (e: unknown) =>
      e instanceof DeployRefusedError && /chain id 1 .*refused/.test(e.message) && /--challenge-window .*must be given explicitly/.test(e.message) && /--bond .*must be given explicitly/.test(e.message));
    await assert.rejects(deployToChain(resolveNodeConfig({ ...flags, "challenge-window": "600", "inclusion-window": "86400", bond: "1" }, {}, "deploy")), (e: unknown) =>
      e instanceof DeployRefusedError && /--challenge-window 600 is under one day/.test(e.message));
    assert.deepEqual([...new Set(stub.methods)], ["eth_chainId"], "nothing but the chain id was asked");
    assert.equal(existsSync(dataDir), false, "no data dir was created");
  } finally {
    await new Promise((resolve) => stub.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
