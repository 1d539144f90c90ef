/**
 * L1Rpc and withL1Retry against fault proxies (no L1 behind them needed for most cases: a tiny
 * JSON-RPC server answers): failover to the next URL on a refused, reset or 5xx answer, sticky
 * on the URL that works, "L1 unreachable" once while every URL fails and "L1 reachable again"
 * once after; only transient failures are retried.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { L1Rpc, l1Urls, shownUrl } from "../../sequencer/l1/l1-rpc.ts";
import { isL1Conflict, isTransientL1Error, L1ConflictError, L1UnreachableError } from "../../sequencer/l1/l1-errors.ts";
import { withL1Retry } from "../../sequencer/l1/l1-retry.ts";
import { PeriodicTask } from "../../sequencer/node/periodic-task.ts";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.ts";

let server: Server;
let proxies: FaultProxy[];
before(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk)).on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id, result: method === "eth_chainId" ? "0x7a69" : "0x10" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxies = [await startFaultProxy(url), await startFaultProxy(url)];
});
after(async () => {
  for (const proxy of proxies ?? []) await proxy.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

function logger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (object: unknown, msg?: string) => void lines.push({ level, msg: msg ?? String(object) });
  return { lines, log: { warn: at("warn"), info: at("info") } as never };
}

test("default: several URLs, comma-separated or repeated, trimmed; logs show hosts only", () => {
  assert.deepEqual(l1Urls(" http://a:1, http://b:2 ,"), ["http://a:1", "http://b:2"]);
  assert.deepEqual(l1Urls(["http://a:1,http://b:2", "http://c:3"]), ["http://a:1", "http://b:2", "http://c:3"]);
  assert.equal(shownUrl("https://mainnet.example.io/v3/SECRETKEY"), "mainnet.example.io");
});

test("behavior: a refused, reset or 5xx URL fails over to the next; the one that works stays in use", async () => {
  const { lines, log } = logger();
  const rpc = new L1Rpc([proxies[0]!.url, proxies[1]!.url], { log });
  for (const mode of ["refuse", "reset", "http503", "http429"] as const) {
    await proxies[0]!.set(mode);
    const before = proxies[1]!.counts.forward;
    assert.deepEqual(await rpc.post("eth_blockNumber", []), { jsonrpc: "2.0", id: 1, result: "0x10" }, mode);
    assert.equal(proxies[1]!.counts.forward, before + 1);
    await proxies[0]!.set("forward");
    await rpc.post("eth_blockNumber", []);
    assert.equal(proxies[1]!.counts.forward, before + 2, "sticks to the URL that answered");
  }
  assert.ok(lines.some((l) => l.msg === "L1 RPC failed over"));
  assert.ok(!lines.some((l) => l.msg.startsWith("L1 unreachable")));
  assert.ok(rpc.reachable);
});

test("behavior: every URL failing is L1UnreachableError (transient), reported once; the next answer is reported once", async () => {
  const { lines, log } = logger();
  const changes: boolean[] = [];
  const rpc = new L1Rpc([proxies[0]!.url, proxies[1]!.url], { log, onReachable: (up) => changes.push(up) });
  for (const proxy of proxies) await proxy.set("refuse");
  try {
    for (let i = 0; i < 3; i++) {
      await assert.rejects(rpc.post("eth_blockNumber", []), (e: unknown) => e instanceof L1UnreachableError && isTransientL1Error(e) && /ECONNREFUSED/.test((e as Error).message));
    }
    assert.equal(rpc.reachable, false);
  } finally {
    for (const proxy of proxies) await proxy.set("forward");
  }
  await rpc.post("eth_blockNumber", []);
  await rpc.post("eth_blockNumber", []);
  assert.deepEqual(lines.map((l) => l.msg.split(":")[0]), ["L1 unreachable", "L1 reachable again"]);
  assert.deepEqual(changes, [false, true]);
  const provider = rpc.provider(31337n);
  assert.equal(await provider.getBlockNumber(), 16, "the ethers provider goes through the same failover");
  provider.destroy();
});

test("behavior: withL1Retry retries transient failures only; a conflict is never transient", async () => {
  let calls = 0;
  assert.equal(await withL1Retry(async () => {
    if (++calls < 3) throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    return "ok";
  }, { baseMs: 1 }), "ok");
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(withL1Retry(async () => {
    calls++;
    throw new Error("execution reverted: WrongParentRoot");
  }, { baseMs: 1 }), /WrongParentRoot/);
  assert.equal(calls, 1, "not retried");
  const conflict = new L1ConflictError("queue message 3 changed");
  assert.ok(isL1Conflict(conflict) && !isTransientL1Error(conflict));
  assert.ok(isTransientL1Error({ error: { code: -32005, message: "limit exceeded" } }), "a rate limit");
});

test("behavior: PeriodicTask backoff doubles the wait after each failure, capped", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => PeriodicTask.backoffMs(1_000, n)), [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
});

test("default: --l1-rpc takes a comma-separated list, the flag repeated, or LOFT_L1_RPC; every entry must be http(s)", () => {
  const resolve = (flags: Record<string, unknown>, env: Record<string, string> = {}) => resolveNodeConfig({ "sequencer-key": `0x${"11".repeat(32)}`, rollup: `0x${"22".repeat(20)}`, ...flags }, env);
  assert.equal(resolve({ "l1-rpc": ["http://a:1", "http://b:2, http://c:3"] }).l1Rpc, "http://a:1,http://b:2,http://c:3");
  assert.equal(resolve({}, { LOFT_L1_RPC: "https://a.example/v3/k,http://b:2" }).l1Rpc, "https://a.example/v3/k,http://b:2");
  assert.throws(() => resolve({ "l1-rpc": "http://a:1,ws://b:2" }), /--l1-rpc "http:\/\/a:1,ws:\/\/b:2": expected an http\(s\):\/\/ URL .*or several: comma-separated or the flag repeated/);
});
