/** Limits that keep one client from hurting the node: payload size, slow consumers, connection cap, work in flight. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { BinaryErrorCode, decodeBinaryReply } from "../../sequencer/rpc/binary-frame.ts";
import { SLOW_CONSUMER_CLOSE_CODE } from "../../sequencer/rpc/connection.ts";
import type { RejectionReason } from "../../sequencer/rpc/rpc-hooks.ts";
import { TestClient } from "./rpc-test-client.ts";
import { startTestServer } from "./rpc-test-server.ts";

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

test("error: a message over maxPayloadBytes drops that connection only", async () => {
  const rejected: RejectionReason[] = [];
  const harness = await startTestServer({ methods: { ping: () => "pong" } }, { maxPayloadBytes: 1024, metrics: { rejected: (reason) => void rejected.push(reason) } });
  try {
    const bystander = await harness.connect();
    const text = await harness.connect();
    text.sendJson({ jsonrpc: "2.0", id: 1, method: "ping", params: ["x".repeat(1100)] });
    assert.equal((await text.closed).code, 1006);
    const binary = await harness.connect();
    binary.socket.send(new Uint8Array(TRANSACTION_SIZE * 8));
    assert.equal((await binary.closed).code, 1006);
    assert.deepEqual(rejected, ["payload_too_large", "payload_too_large"]);
    const fits = await harness.connect();
    assert.equal((await fits.call({ jsonrpc: "2.0", id: 2, method: "ping", params: ["x".repeat(900)] })).result, "pong");
    assert.equal((await bystander.call({ jsonrpc: "2.0", id: 3, method: "ping" })).result, "pong");
  } finally {
    await harness.stop();
  }
});

test("behavior: a client that stops reading is closed once its buffer passes maxBackpressureBytes", async () => {
  const rejected: RejectionReason[] = [];
  const harness = await startTestServer(
    { methods: { whoami: (_params, context) => context.connection.id } },
    { maxBackpressureBytes: 64 * 1024, metrics: { rejected: (reason) => void rejected.push(reason) } },
  );
  try {
    const slow = await harness.connect();
    const id = (await slow.call({ jsonrpc: "2.0", id: 1, method: "whoami" })).result as number;
    await slow.call({ jsonrpc: "2.0", id: 2, method: "loft_subscribe", params: ["receipts"] });
    slow.socket.pause(); // stops reading; the kernel buffers fill, then uWS's
    const receipt = { status: "sealed", padding: "r".repeat(16 * 1024) };
    let sent = 0;
    const deadline = Date.now() + 10_000;
    while (harness.server.notifyReceipts(id, receipt) && sent < 20_000 && Date.now() < deadline) {
      sent++;
      if (sent % 64 === 0) await new Promise((resolve) => setImmediate(resolve)); // let the socket flush what it can
    }
    assert.equal(harness.server.notifyReceipts(id, receipt), false, `still open after ${sent} notifications`);
    assert.ok(sent > 4, "the limit allowed some buffering first");
    assert.deepEqual(rejected, ["slow_consumer"]);
    assert.equal(harness.logs[0]?.message, "closing slow consumer");
    slow.socket.resume();
    const closed = await slow.closed;
    assert.equal(closed.code, SLOW_CONSUMER_CLOSE_CODE, `close code ${closed.code}`);
    assert.equal(closed.reason, "slow consumer: backpressure limit reached");
  } finally {
    await harness.stop();
  }
});

test("behavior: one reply larger than maxBackpressureBytes still reaches a client that reads", async () => {
  const harness = await startTestServer({ methods: { big: () => "z".repeat(1024 * 1024) } }, { maxBackpressureBytes: 64 * 1024 });
  try {
    const client = await harness.connect();
    for (let id = 1; id <= 3; id++) assert.equal((await client.call({ jsonrpc: "2.0", id, method: "big" })).result.length, 1024 * 1024);
    assert.equal(harness.server.connectionCount(), 1);
  } finally {
    await harness.stop();
  }
});

test("behavior: a newBatches subscriber that stops reading is dropped; live subscribers keep receiving", async () => {
  const harness = await startTestServer({ methods: {} }, { maxBackpressureBytes: 64 * 1024 });
  try {
    const [slow, live] = [await harness.connect(), await harness.connect()];
    await slow.call({ jsonrpc: "2.0", id: 1, method: "loft_subscribe", params: ["newBatches"] });
    await live.call({ jsonrpc: "2.0", id: 1, method: "loft_subscribe", params: ["newBatches"] });
    slow.socket.pause();
    const batch = { number: "0x1", padding: "b".repeat(16 * 1024) };
    for (let i = 0; i < 4000 && harness.server.connectionCount() === 2; i++) {
      harness.server.publish("newBatches", batch);
      await live.next(); // the live client reads everything it is sent
      if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => harness.server.connectionCount() === 1, "the slow subscriber to be dropped");
    harness.server.publish("newBatches", { number: "0x2" });
    assert.deepEqual((await live.nextJson()).params.result, { number: "0x2" });
    slow.socket.resume();
    assert.equal((await slow.closed).code, SLOW_CONSUMER_CLOSE_CODE, "a feed subscriber is closed like any slow consumer");
  } finally {
    await harness.stop();
  }
});

function rawUpgrade(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      path: "/ws",
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" },
      timeout: 5000,
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      reject(new Error("upgraded although at the cap"));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

test("error: upgrades beyond maxConnections get HTTP 503 with a JSON body", async () => {
  const rejected: RejectionReason[] = [];
  const harness = await startTestServer({ methods: { ping: () => "pong" } }, { maxConnections: 2, metrics: { rejected: (reason) => void rejected.push(reason) } });
  try {
    const first = await harness.connect();
    await harness.connect();
    const refused = await rawUpgrade(harness.server.port);
    assert.equal(refused.status, 503);
    assert.deepEqual(JSON.parse(refused.body), { error: "connection limit reached (2); retry later" });
    await assert.rejects(TestClient.connect(harness.server.url), /HTTP 503/);
    assert.deepEqual(rejected, ["connection_cap", "connection_cap"]);
    first.close();
    await waitFor(() => harness.server.connectionCount() === 1, "the server to see the close");
    const again = await harness.connect();
    assert.equal((await again.call({ jsonrpc: "2.0", id: 1, method: "ping" })).result, "pong");
  } finally {
    await harness.stop();
  }
});

test("error: work in flight per connection is bounded; the connection keeps working", async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const harness = await startTestServer(
    {
      methods: { hold: async () => gate.then(() => "released"), ping: () => "pong" },
      onBinaryTransactions: async (_records, count) => gate.then(() => new Uint8Array(count)),
    },
    { maxBatchLength: 4, maxInFlightPerConnection: 4 },
  );
  try {
    const client = await harness.connect();
    const other = await harness.connect();
    for (let id = 1; id <= 3; id++) client.sendJson({ jsonrpc: "2.0", id, method: "hold" });
    client.socket.send(new Uint8Array(TRANSACTION_SIZE)); // one record: the fourth unit in flight
    const single = await client.call({ jsonrpc: "2.0", id: 10, method: "ping" });
    assert.deepEqual(single.error, {
      code: -32005,
      message: "limit exceeded: 4 requests in flight on this connection, the limit is 4; wait for replies",
    });
    const batch = await client.call([{ jsonrpc: "2.0", id: 11, method: "ping" }, { jsonrpc: "2.0", method: "ping" }, { jsonrpc: "2.0", id: 12, method: "ping" }]);
    assert.deepEqual(batch.map((r: { id: number; error: { code: number } }) => [r.id, r.error.code]), [[11, -32005], [12, -32005]]);
    client.socket.send(new Uint8Array(TRANSACTION_SIZE));
    const busy = decodeBinaryReply(await client.nextBinary());
    assert.equal(busy.type === "error" && busy.code, BinaryErrorCode.busy);
    assert.equal((await other.call({ jsonrpc: "2.0", id: 1, method: "ping" })).result, "pong", "the bound is per connection");
    release();
    const replies = [await client.next(), await client.next(), await client.next(), await client.next()];
    assert.equal(replies.filter((reply) => typeof reply === "string").length, 3);
    assert.equal((await client.call({ jsonrpc: "2.0", id: 13, method: "ping" })).result, "pong");
  } finally {
    release();
    await harness.stop();
  }
});
