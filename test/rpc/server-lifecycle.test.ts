/** Options validation, listening, metrics hooks and shutdown of the rpc server. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRpcServer } from "../../sequencer/rpc/rpc-server.ts";
import { resolveRpcServerOptions, RpcOptionsError, RPC_SERVER_DEFAULTS } from "../../sequencer/rpc/server-options.ts";
import { startTestServer } from "./rpc-test-server.ts";

test("default: options resolve to the documented defaults", () => {
  const resolved = resolveRpcServerOptions({});
  assert.deepEqual({ ...resolved, logger: undefined, metrics: undefined }, { ...RPC_SERVER_DEFAULTS, logger: undefined, metrics: undefined });
  assert.equal(resolved.host, "127.0.0.1");
  assert.equal(resolveRpcServerOptions({ idleTimeoutSeconds: 0 }).idleTimeoutSeconds, 0);
});

test("error: every bad option is refused with its name and range", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ host: "" }, "host", /expected a hostname or IP address, got ""/],
    [{ host: 5 }, "host", /got 5/],
    [{ host: "a b" }, "host", /"a b"/],
    [{ port: -1 }, "port", /expected an integer from 0 to 65535, got -1/],
    [{ port: 65536 }, "port", /got 65536/],
    [{ port: "80" }, "port", /got string/],
    [{ port: 1.5 }, "port", /got 1.5/],
    [{ maxPayloadBytes: 100 }, "maxPayloadBytes", /from 1024 to/],
    [{ maxBatchLength: 0 }, "maxBatchLength", /from 1 to 65536/],
    [{ maxBackpressureBytes: Number.NaN }, "maxBackpressureBytes", /got NaN/],
    [{ idleTimeoutSeconds: 4 }, "idleTimeoutSeconds", /0 \(disabled\) or 8 to 960 seconds/],
    [{ idleTimeoutSeconds: 961 }, "idleTimeoutSeconds", /from 0 to 960/],
    [{ maxConnections: 0 }, "maxConnections", /from 1 to/],
    [{ maxBatchLength: 100, maxInFlightPerConnection: 99 }, "maxInFlightPerConnection", /from 100 \(at least maxBatchLength\)/],
    [{ sendPings: "yes" }, "sendPings", /expected a boolean/],
  ];
  for (const [options, option, message] of cases) {
    assert.throws(
      () => resolveRpcServerOptions(options),
      (error: unknown) => error instanceof RpcOptionsError && error.option === option && message.test(error.message) && error.message.startsWith(`rpc option ${option}: `),
      JSON.stringify(options),
    );
  }
});

test("error: a method table entry that is not a function is refused at creation", async () => {
  const methods = { eth_chainId: "0x1" } as unknown as Record<string, () => unknown>;
  await assert.rejects(createRpcServer({ port: 0 }, { methods }), /method eth_chainId: expected a handler function, got string/);
  const onBinaryTransactions = 5 as unknown as () => Promise<Uint8Array>;
  await assert.rejects(createRpcServer({ port: 0 }, { methods: {}, onBinaryTransactions }), /onBinaryTransactions: expected a function, got number/);
});

test("error: a port in use is a clear error", async () => {
  const harness = await startTestServer({ methods: {} });
  try {
    await assert.rejects(createRpcServer({ port: harness.server.port }, { methods: {} }), new RegExp(`cannot listen on 127.0.0.1:${harness.server.port}`));
  } finally {
    await harness.stop();
  }
});

test("behavior: port 0 binds a free port; close() ends connections with 1001 and is idempotent", async () => {
  const events: string[] = [];
  const harness = await startTestServer(
    { methods: { ping: () => "pong", hang: () => new Promise(() => undefined) } },
    {
      metrics: {
        connectionOpened: (id) => void events.push(`open ${id}`),
        connectionClosed: (id, code) => void events.push(`close ${id} ${code}`),
        request: (method, outcome) => void events.push(`${method} ${outcome}`),
      },
    },
  );
  const { server } = harness;
  assert.ok(server.port > 0);
  assert.equal(server.url, `ws://127.0.0.1:${server.port}/ws`);
  const client = await harness.connect();
  assert.equal((await client.call({ jsonrpc: "2.0", id: 1, method: "ping" })).result, "pong");
  client.sendJson({ jsonrpc: "2.0", id: 2, method: "hang" });
  await server.close();
  await server.close();
  assert.equal((await client.closed).code, 1001);
  assert.deepEqual(events, ["open 1", "ping ok", "close 1 1001"]);
  assert.equal(server.connectionCount(), 0);
  await assert.rejects(fetch(`http://127.0.0.1:${server.port}/`), "nothing listens any more");
  server.publish("newBatches", { number: "0x1" }); // after close: a no-op, not a crash
  await harness.stop();
});

test("behavior: a metrics hook that throws is logged and changes nothing", async () => {
  const harness = await startTestServer(
    { methods: { ping: () => "pong" } },
    {
      metrics: {
        request: () => {
          throw new Error("broken counter");
        },
      },
    },
  );
  try {
    const client = await harness.connect();
    assert.equal((await client.call({ jsonrpc: "2.0", id: 1, method: "ping" })).result, "pong");
    assert.equal(harness.logs[0]?.message, "rpc metrics hook threw");
  } finally {
    await harness.stop();
  }
});

test("behavior: metrics hooks see requests, binary frames and every rejection reason", async () => {
  const rejected: string[] = [];
  const requests: string[] = [];
  const binary: string[] = [];
  const harness = await startTestServer(
    { methods: { ping: () => "pong", fail: () => Promise.reject(new Error("x")) }, onBinaryTransactions: async (_records, count) => new Uint8Array(count) },
    {
      maxBatchLength: 2,
      metrics: {
        rejected: (reason) => void rejected.push(reason),
        request: (method, outcome, seconds) => void requests.push(`${method} ${outcome} ${seconds >= 0}`),
        binaryTransactions: (count, outcome) => void binary.push(`${count} ${outcome}`),
      },
    },
  );
  try {
    const client = await harness.connect();
    await client.call({ jsonrpc: "2.0", id: 1, method: "ping" });
    await client.call({ jsonrpc: "2.0", id: 2, method: "fail" });
    await client.call({ jsonrpc: "2.0", id: 3, method: "nope" });
    client.socket.send("{");
    await client.next();
    await client.call({ jsonrpc: "1.0", id: 4, method: "ping" });
    await client.call([1, 2, 3]);
    client.socket.send(new Uint8Array(146 * 2));
    await client.next();
    client.socket.send(new Uint8Array(5));
    await client.next();
    assert.deepEqual(requests, ["ping ok true", "fail error true"]);
    assert.deepEqual(binary, ["2 ok"]);
    assert.deepEqual(rejected, ["method_not_found", "parse_error", "invalid_request", "batch_too_long", "binary_malformed"]);
  } finally {
    await harness.stop();
  }
});

test("error: a second server on a taken port fails in one line instead of sharing it (no SO_REUSEPORT)", async () => {
  const first = await startTestServer({ methods: { whoami: () => "first" } });
  try {
    const port = first.server.port;
    await assert.rejects(createRpcServer({ host: "127.0.0.1", port }, { methods: { whoami: () => "second" } }), (error: Error) => {
      assert.equal(error.name, "RpcServerError");
      assert.match(error.message, new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
      assert.ok(!error.message.includes("\n"), "one line");
      return true;
    });
    // every request still reaches the first server
    for (let i = 0; i < 10; i++) {
      const reply = await fetch(first.server.httpUrl, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: i, method: "whoami" }) });
      assert.equal((await reply.json()).result, "first");
    }
  } finally {
    await first.stop();
  }
});
