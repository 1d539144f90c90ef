/**
 * One JSON-RPC call over node:http(s) with a keep-alive agent, for the calls that carry a batch's
 * calldata (up to 256 KB of hex): the follower's reads of it, and the poster's
 * eth_sendRawTransaction. `fetch` (undici, web streams) cost the follower's main thread about 7 ms
 * per batch in the replay profile, and ethers' provider encodes a request body to UTF-8 character
 * by character in JavaScript (3% of the node's main thread under load).
 */
import http from "node:http";
import https from "node:https";
import { isTransientL1Error } from "./l1-errors.ts";

const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 8 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

export class JsonRpcHttpError extends Error {
  override name = "JsonRpcHttpError";
}

/** An L1 that does not answer within this long fails the call (the caller's round retries), never hangs it. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** POSTs `{jsonrpc, id, method, params}` to `url` (or to each URL of a comma-separated list in turn, while they fail at the transport level) and returns the parsed response body. */
export async function postJsonRpc(url: string, method: string, params: unknown[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  const urls = url.split(",");
  for (let i = 0; ; i++) {
    try {
      return await postJsonBody(urls[i]!, body, method, timeoutMs);
    } catch (error) {
      if (i === urls.length - 1 || !isTransientL1Error(error)) throw error;
    }
  }
}

/** POSTs a JSON-RPC body (one request or a batch) to one URL and returns the parsed response; `label` names it in errors. */
export function postJsonBody(url: string, body: string, label: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
  const target = new URL(url);
  const protocol = target.protocol === "https:" ? "https:" : "http:";
  const request = protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const call = request(target, { method: "POST", agent: agents[protocol], headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("aborted", () => reject(Object.assign(new Error(`L1 connection reset while answering ${label}`), { code: "ECONNRESET" })));
      response.on("end", () => {
        if (response.statusCode !== 200) return reject(new JsonRpcHttpError(`L1 answered HTTP ${response.statusCode} to ${label}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (error) {
          reject(new JsonRpcHttpError(`L1 answered ${label} with invalid JSON: ${(error as Error).message}`));
        }
      });
    });
    call.setTimeout(timeoutMs, () => call.destroy(new JsonRpcHttpError(`L1 did not answer ${label} within ${timeoutMs} ms`)));
    call.on("error", reject);
    call.end(body);
  });
}
