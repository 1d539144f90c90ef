/**
 * The SDK's transports on small local servers: JSON-RPC over WebSocket delivers subscription
 * notifications in geth's shape (eth_subscription, v2) and v1's (loft_subscription) alike and
 * times out a request nobody answers; JSON-RPC over HTTP POST maps error answers to typed errors
 * and a non-JSON reply to TRANSPORT. And `loft` (package.json bin) runs the CLI.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { WebSocketServer } from "ws";
import { HttpTransport, LoftError, WebSocketTransport } from "../../sdk/src/index.ts";

const code = (expected: string) => (error: unknown) => error instanceof LoftError && error.code === expected;

test("behavior: WebSocket notifications arrive in both the eth_subscription and the loft_subscription shape; a silent node times out", async () => {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  server.on("connection", (socket) => socket.on("message", (data) => {
    const request = JSON.parse(String(data));
    if (request.method !== "loft_subscribe") return; // anything else: never answered
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: request.id, result: "0xabc" }));
    socket.send(JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription: "0xabc", result: { number: "0x1" } } }));
    socket.send(JSON.stringify({ jsonrpc: "2.0", method: "loft_subscription", params: { subscription: "0xabc", result: { number: "0x2" } } }));
    socket.send(JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription: "0xother", result: { number: "0x3" } } }));
  }));
  const transport = await WebSocketTransport.open(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, 500);
  try {
    const seen: unknown[] = [];
    await transport.subscribe("newBatches", (result) => seen.push(result.number));
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen, ["0x1", "0x2"]);
    await assert.rejects(transport.request("loft_getBatch", ["latest"]), code("TIMEOUT"));
  } finally {
    await transport.close();
    server.close();
  }
  await assert.rejects(transport.request("loft_getDomain"), code("TRANSPORT"), "a closed transport refuses at once");
});

test("error: HTTP JSON-RPC errors are typed by their message; a reply that is not JSON-RPC is a TRANSPORT error", async () => {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const { id, method } = JSON.parse(body);
      if (method === "broken") return void response.writeHead(502).end("bad gateway");
      response.writeHead(200, { "content-type": "application/json" });
      if (method === "loft_sendTransaction") response.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32000, message: "nonce too low" } }));
      else if (method === "low") response.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32000, message: "fee too low: the minimum is 21000 wei", data: { minimum: "0x5208" } } }));
      else response.end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x7a69" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const transport = new HttpTransport(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  try {
    assert.equal(await transport.request("eth_chainId"), "0x7a69");
    await assert.rejects(transport.request("loft_sendTransaction", [{}]), (error: unknown) => code("NONCE_TOO_LOW")(error) && (error as { rpc: { code: number } }).rpc.code === -32000);
    await assert.rejects(transport.request("low"), (error: unknown) => code("FEE_TOO_LOW")(error) && (error as { minimum?: bigint }).minimum === 21_000n);
    await assert.rejects(transport.request("broken"), (error: unknown) => code("TRANSPORT")(error) && /HTTP 502/.test((error as Error).message));
  } finally {
    server.close();
  }
  await assert.rejects(new HttpTransport("http://127.0.0.1:1/").request("eth_chainId"), code("TRANSPORT"));
});

test("default: npx loft (package.json bin) runs the CLI with its arguments and exit code", async () => {
  const launcher = join(import.meta.dirname, "../../sequencer/cli/loft.mjs");
  // through npm, as a user types it in the repo: package.json's bin entry names the launcher
  const { stdout } = await promisify(execFile)("npx", ["--no-install", "loft", "--help"], { cwd: join(import.meta.dirname, "../.."), timeout: 60_000 });
  assert.match(stdout, /^loft \[command\] \[options\]/);
  await assert.rejects(promisify(execFile)(process.execPath, [launcher, "no-such-command"], { timeout: 60_000 }), (error: { code?: number; stderr?: string }) => error.code === 1 && /loft:/.test(error.stderr ?? ""));
});
