/**
 * One JSON-RPC call over node:http(s) with a keep-alive agent, for the calls that carry a batch's
 * calldata (up to 256 KB of hex): the follower's reads of it, and the poster's
 * eth_sendRawTransaction. `fetch` (undici, web streams) cost the follower's main thread about 7 ms
 * per batch in the replay profile, and ethers' provider encodes a request body to UTF-8 character
 * by character in JavaScript (3% of the node's main thread under load).
 */
import http from "node:http";
import https from "node:https";

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 8 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

export class JsonRpcHttpError extends Error {
  override name = "JsonRpcHttpError";
}

/** An L1 that does not answer within this long fails the call (the caller's round retries), never hangs it. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** POSTs `{jsonrpc, id, method, params}` to `url` and returns the parsed response body. */
export function postJsonRpc(url: string, method: string, params: unknown[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
  const target = new URL(url);
  const protocol = target.protocol === "https:" ? "https:" : "http:";
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  const request = protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const call = request(target, { method: "POST", agent: agents[protocol], headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        if (response.statusCode !== 200) return reject(new JsonRpcHttpError(`L1 answered HTTP ${response.statusCode} to ${method}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (error) {
          reject(new JsonRpcHttpError(`L1 answered ${method} with invalid JSON: ${(error as Error).message}`));
        }
      });
    });
    call.setTimeout(timeoutMs, () => call.destroy(new JsonRpcHttpError(`L1 did not answer ${method} within ${timeoutMs} ms`)));
    call.on("error", reject);
    call.end(body);
  });
}
