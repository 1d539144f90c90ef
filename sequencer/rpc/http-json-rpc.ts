/**
 * JSON-RPC 2.0 over HTTP (spec §4 v2): `POST /` and `POST /rpc` on the same port as the
 * WebSocket, the same methods, errors and batches, no subscriptions. What MetaMask, viem's
 * `http()`, ethers' JsonRpcProvider, cast and curl speak.
 *
 * - The body is bounded (maxHttpBodyBytes): a Content-Length above it is refused at once with
 *   HTTP 413 before any byte is read; a body that grows past it while streaming likewise.
 * - Every JSON-RPC outcome, errors included, is HTTP 200 with a JSON-RPC body (ethers and viem
 *   read the error object only from a 2xx); an all-notification request gets 200 and no body.
 * - Requests in flight over HTTP are bounded together (maxInFlightPerConnection for all HTTP
 *   clients): beyond, -32005 "limit exceeded", as over a WebSocket.
 * - CORS: any origin, so browser dApps can POST (preflights are answered in http-routes.ts).
 */
import type { HttpResponse, TemplatedApp } from "uWebSockets.js";
import type { ConnectionHandle } from "./connection.ts";
import { writeReply, type HttpReply, type PendingResponses } from "./http-routes.ts";
import { decodeTextFrame } from "./json-rpc-request.ts";
import { encodeError } from "./json-rpc-response.ts";
import type { RequestContext, RequestDispatcher } from "./request-dispatcher.ts";
import { invalidRequest } from "./rpc-error.ts";
import type { Reporter } from "./rpc-hooks.ts";
import { answerTextMessage, type InFlightCounter } from "./text-message.ts";

export const HTTP_RPC_PATHS = ["/", "/rpc"] as const;

export interface HttpRpcState {
  readonly maxHttpBodyBytes: number;
  readonly maxBatchLength: number;
  readonly maxInFlightPerConnection: number;
  readonly reporter: Reporter;
  readonly dispatcher: RequestDispatcher<RequestContext>;
  readonly pending: PendingResponses;
  isShuttingDown(): boolean;
}

/** What a method sees as `ctx.connection` for an HTTP request: no subscriptions, nothing to notify. */
function httpHandle(remoteAddress: string): ConnectionHandle {
  return { id: 0, remoteAddress, transport: "http", isOpen: () => false, notify: () => false, notifyReceipts: () => false, notifyReceiptsJson: () => false };
}

const json = (body: string, status = 200): HttpReply => ({ status, contentType: "application/json", body });

export function registerHttpJsonRpc(app: TemplatedApp, state: HttpRpcState): void {
  const inFlight: InFlightCounter = { inFlight: 0 };
  const limits = { maxBatchLength: state.maxBatchLength, maxInFlightPerConnection: state.maxInFlightPerConnection };
  const tooLarge = (bytes: string) =>
    json(encodeError(null, invalidRequest(`the request body of ${bytes} bytes exceeds the limit of ${state.maxHttpBodyBytes} bytes`)), 413);

  const handle = (res: HttpResponse, remoteAddress: string, declaredLength: number) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
      state.pending.delete(res);
    });
    if (state.isShuttingDown()) return writeReply(res, json(JSON.stringify({ error: "server shutting down" }), 503));
    if (declaredLength > state.maxHttpBodyBytes) {
      state.reporter.report("rejected", "payload_too_large");
      return writeReply(res, tooLarge(String(declaredLength)), true);
    }
    state.pending.add(res);
    const chunks: Buffer[] = [];
    let received = 0;
    let refused = false;
    res.onData((chunk, isLast) => {
      if (refused || aborted) return;
      received += chunk.byteLength;
      if (received > state.maxHttpBodyBytes) {
        refused = true;
        state.pending.delete(res);
        state.reporter.report("rejected", "payload_too_large");
        return writeReply(res, tooLarge(`more than ${state.maxHttpBodyBytes}`), true);
      }
      chunks.push(Buffer.from(chunk.slice(0))); // uWS reuses the chunk's memory after this callback
      if (!isLast) return;
      void answer(Buffer.concat(chunks)).then((reply) => {
        if (aborted || !state.pending.delete(res)) return;
        res.cork(() => writeReply(res, reply));
      });
    });
    const answer = async (body: Buffer): Promise<HttpReply> => {
      const text = decodeTextFrame(body);
      if (typeof text !== "string") {
        state.reporter.report("rejected", "parse_error");
        return json(encodeError(null, text));
      }
      const context = { connection: httpHandle(remoteAddress), inFlight };
      const reply = await answerTextMessage(text, context, state.dispatcher, limits, state.reporter);
      return json(reply ?? "");
    };
  };

  for (const path of HTTP_RPC_PATHS) {
    app.post(path, (res, req) => {
      const length = Number(req.getHeader("content-length") || "0");
      handle(res, Buffer.from(res.getRemoteAddressAsText()).toString(), Number.isFinite(length) ? length : 0);
    });
  }
}
