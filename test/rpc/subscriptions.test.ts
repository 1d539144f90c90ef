/** loft_subscribe / loft_unsubscribe: the "newBatches" feed, per-connection "receipts", cleanup on close. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { RequestContext } from "../../sequencer/rpc/request-dispatcher.ts";
import type { TestClient } from "./rpc-test-client.ts";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

let harness: TestServer;
let lastContext: RequestContext | undefined;
const closedConnections: number[] = [];

before(async () => {
  harness = await startTestServer(
    {
      methods: {
        whoami: (_params, context) => {
          lastContext = context;
          return context.connection.id;
        },
      },
    },
    { metrics: { connectionClosed: (id) => void closedConnections.push(id) } },
  );
});
after(() => harness.stop());

let nextId = 1;
const subscribe = async (client: TestClient, params: unknown) => client.call({ jsonrpc: "2.0", id: nextId++, method: "loft_subscribe", params });
const unsubscribe = async (client: TestClient, params: unknown) => client.call({ jsonrpc: "2.0", id: nextId++, method: "loft_unsubscribe", params });
const notification = (subscription: string, result: unknown) => ({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription, result } });

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

test("default: newBatches reaches every subscriber and nobody else", async () => {
  const [a, b, bystander] = [await harness.connect(), await harness.connect(), await harness.connect()];
  const idA = (await subscribe(a, ["newBatches"])).result;
  const idB = (await subscribe(b, ["newBatches"])).result;
  assert.match(idA, /^0x[0-9a-f]{32}$/);
  assert.equal(idB, idA, "the feed's id is shared, so one serialized message serves all");
  assert.equal((await subscribe(a, ["newBatches"])).result, idA, "subscribing twice keeps one subscription");
  harness.server.publish("newBatches", { number: "0x1" });
  assert.deepEqual(await a.nextJson(), notification(idA, { number: "0x1" }));
  assert.deepEqual(await b.nextJson(), notification(idA, { number: "0x1" }));
  assert.equal(await a.silentFor(50), true, "one notification per connection");
  assert.equal(await bystander.silentFor(0), true);
  assert.deepEqual((await unsubscribe(a, [idA])).result, true);
  harness.server.publish("newBatches", { number: "0x2" });
  assert.deepEqual(await b.nextJson(), notification(idA, { number: "0x2" }));
  assert.equal(await a.silentFor(50), true, "unsubscribed");
  for (const client of [a, b, bystander]) client.close();
});

test("default: receipts go to the connection that subscribed, by id or through ctx", async () => {
  const [a, b] = [await harness.connect(), await harness.connect()];
  const connectionA = (await a.call({ jsonrpc: "2.0", id: 1, method: "whoami" })).result as number;
  const contextA = lastContext;
  const connectionB = (await b.call({ jsonrpc: "2.0", id: 1, method: "whoami" })).result as number;
  assert.equal(harness.server.notifyReceipts(connectionA, { status: "sealed" }), false, "no subscription yet");
  const receiptsA = (await subscribe(a, ["receipts"])).result;
  const receiptsB = (await subscribe(b, ["receipts"])).result;
  assert.notEqual(receiptsA, receiptsB);
  assert.equal((await subscribe(a, ["receipts"])).result, receiptsA);
  assert.equal(harness.server.notifyReceipts(connectionA, { hash: "0xaa", status: "sealed" }), true);
  assert.deepEqual(await a.nextJson(), notification(receiptsA, { hash: "0xaa", status: "sealed" }));
  assert.equal(contextA?.connection.notifyReceipts({ hash: "0xbb", status: "committed" }), true);
  assert.deepEqual(await a.nextJson(), notification(receiptsA, { hash: "0xbb", status: "committed" }));
  assert.equal(contextA?.connection.notify(receiptsA, 1), true);
  assert.deepEqual(await a.nextJson(), notification(receiptsA, 1));
  assert.equal(contextA?.connection.notify(receiptsB, 1), false, "another connection's id");
  assert.equal(await b.silentFor(50), true, "b saw nothing of a's receipts");
  assert.equal(harness.server.notifyReceipts(connectionB, "x"), true);
  assert.deepEqual(await b.nextJson(), notification(receiptsB, "x"));
  assert.equal((await unsubscribe(a, [receiptsA])).result, true);
  assert.equal(harness.server.notifyReceipts(connectionA, "y"), false);
  assert.equal(harness.server.notifyReceipts(987654, "y"), false, "unknown connection");
  a.close();
  b.close();
});

test("default: notifyReceiptsJson sends a group of encoded receipts in order, only to a subscribed connection", async () => {
  const a = await harness.connect();
  const connectionA = (await a.call({ jsonrpc: "2.0", id: 1, method: "whoami" })).result as number;
  assert.equal(harness.server.notifyReceiptsJson(connectionA, ['{"n":0}']), false, "no subscription yet");
  const receiptsA = (await subscribe(a, ["receipts"])).result;
  const group = Array.from({ length: 300 }, (_, n) => `{"hash":"0x${n.toString(16).padStart(64, "0")}","n":${n}}`);
  assert.equal(harness.server.notifyReceiptsJson(connectionA, group), true);
  for (let n = 0; n < 300; n++) assert.deepEqual(await a.nextJson(), notification(receiptsA, { hash: `0x${n.toString(16).padStart(64, "0")}`, n }));
  assert.equal(await a.silentFor(50), true, "one message per receipt, nothing more");
  assert.equal(harness.server.notifyReceiptsJson(987654, group), false, "unknown connection");
  a.close();
});

test("behavior: everything is cleaned up when the connection closes", async () => {
  const a = await harness.connect();
  const connectionA = (await a.call({ jsonrpc: "2.0", id: 1, method: "whoami" })).result as number;
  const contextA = lastContext;
  await subscribe(a, ["receipts"]);
  await subscribe(a, ["newBatches"]);
  const countBefore = harness.server.connectionCount();
  a.close();
  await waitFor(() => closedConnections.includes(connectionA), "the server to see the close");
  assert.equal(harness.server.connectionCount(), countBefore - 1);
  assert.equal(harness.server.notifyReceipts(connectionA, "late"), false);
  assert.equal(contextA?.connection.isOpen(), false);
  assert.equal(contextA?.connection.notifyReceipts("late"), false);
  harness.server.publish("newBatches", { number: "0x3" }); // no subscriber left: must not throw
});

test("error: unknown kinds, unknown ids and malformed params are precise -32602", async () => {
  const client = await harness.connect();
  const kind = await subscribe(client, ["logs"]);
  assert.deepEqual(kind.error, {
    code: -32602,
    message: 'invalid params: params[0]: unknown subscription kind "logs"; expected "newBatches" or "receipts"',
    data: { code: "UNKNOWN_TYPE", path: "params[0]" },
  });
  assert.equal((await subscribe(client, [])).error.data.code, "WRONG_ARITY");
  assert.equal((await subscribe(client, ["receipts", "x"])).error.data.code, "WRONG_ARITY");
  assert.equal((await subscribe(client, { kind: "receipts" })).error.data.code, "WRONG_ARITY");
  assert.equal((await subscribe(client, [5])).error.data.code, "NOT_STRING");
  const unknown = await unsubscribe(client, ["0x1234"]);
  assert.deepEqual(unknown.error, {
    code: -32602,
    message: 'invalid params: params[0]: no subscription with id "0x1234" on this connection',
    data: { code: "UNKNOWN_SUBSCRIPTION", path: "params[0]" },
  });
  const other = await harness.connect();
  const othersId = (await subscribe(other, ["receipts"])).result;
  assert.equal((await unsubscribe(client, [othersId])).error.data.code, "UNKNOWN_SUBSCRIPTION", "ids are per connection");
  const feed = (await subscribe(other, ["newBatches"])).result;
  assert.equal((await unsubscribe(client, [feed])).error.data.code, "UNKNOWN_SUBSCRIPTION", "the shared feed id needs a subscription here");
  assert.equal((await unsubscribe(other, [othersId])).result, true);
  assert.equal((await unsubscribe(other, [othersId])).error.data.code, "UNKNOWN_SUBSCRIPTION", "only once");
  client.close();
  other.close();
});

test("error: the node cannot register the server's own subscription methods", async () => {
  const { createRpcServer } = await import("../../sequencer/rpc/rpc-server.ts");
  await assert.rejects(createRpcServer({ port: 0 }, { methods: { loft_subscribe: () => "x" } }), /loft_subscribe is served by the rpc server itself/);
});
