/** The JSON-RPC POST of the follower and the poster: the request it sends, the parsed answer, and HTTP, JSON and timeout failures named. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { JsonRpcHttpError, postJsonRpc } from "../../sequencer/l1/json-rpc-post.ts";

async function withServer(answer: (request: unknown) => { status: number; body: string }, run: (url: string) => Promise<void>) {
  const read = (request: IncomingMessage) => new Promise<string>((resolve) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk)).on("end", () => resolve(text));
  });
  const server = createServer(async (request, response) => {
    const { status, body } = answer(JSON.parse(await read(request)));
    response.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

test("default: posts a JSON-RPC request and returns the parsed response, also a large one", async () => {
  const input = `0x${"ab".repeat(200_000)}`;
  await withServer((request) => ({ status: 200, body: JSON.stringify({ jsonrpc: "2.0", id: 1, result: { echo: request, input } }) }), async (url) => {
    const body = (await postJsonRpc(url, "eth_getTransactionByHash", ["0x12"])) as { result: { echo: unknown; input: string } };
    assert.deepEqual(body.result.echo, { jsonrpc: "2.0", id: 1, method: "eth_getTransactionByHash", params: ["0x12"] });
    assert.equal(body.result.input, input);
  });
});

test("error: an HTTP error status or a body that is not JSON is a JsonRpcHttpError", async () => {
  await withServer(() => ({ status: 503, body: "busy" }), async (url) => {
    await assert.rejects(postJsonRpc(url, "eth_chainId", []), (e: unknown) => e instanceof JsonRpcHttpError && /HTTP 503 to eth_chainId/.test(e.message));
  });
  await withServer(() => ({ status: 200, body: "{not json" }), async (url) => {
    await assert.rejects(postJsonRpc(url, "eth_chainId", []), (e: unknown) => e instanceof JsonRpcHttpError && /invalid JSON/.test(e.message));
  });
});

test("error: an L1 that does not answer fails the call after the timeout instead of hanging it", async () => {
  const server = createServer(() => {}); // reads the request, never answers
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await assert.rejects(postJsonRpc(url, "eth_sendRawTransaction", ["0x00"], 200), (e: unknown) => e instanceof JsonRpcHttpError && /did not answer eth_sendRawTransaction within 200 ms/.test(e.message));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
