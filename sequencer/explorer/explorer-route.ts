/**
 * Wraps an explorer handler: request errors become 400 / 404 JSON bodies, every reply is counted
 * by route and status in the metrics, and a handler's `undefined` means 404 with `notFound`.
 */
import { jsonReply, type HttpReply, type HttpRequestInfo } from "../rpc/index.ts";
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import { ExplorerRequestError } from "./request-params.ts";

export type ExplorerHandler = (request: HttpRequestInfo) => HttpReply | Promise<HttpReply>;

export function errorReply(error: ExplorerRequestError): HttpReply {
  return jsonReply({ error: error.message, ...(error.status === 400 ? { parameter: error.parameter } : {}) }, error.status);
}

export function notFound(what: string): never {
  throw new ExplorerRequestError("", what, 404);
}

export function explorerRoute(pattern: string, handler: ExplorerHandler, metrics?: NodeMetrics): ExplorerHandler {
  const count = (reply: HttpReply) => {
    metrics?.httpRequests.inc({ route: pattern, status: String(reply.status) });
    return reply;
  };
  const recover = (error: unknown): HttpReply => {
    if (error instanceof ExplorerRequestError) return errorReply(error);
    throw error; // the ingress logs it and answers 500
  };
  return (request) => {
    let reply: HttpReply | Promise<HttpReply>;
    try {
      reply = handler(request);
    } catch (error) {
      return count(recover(error));
    }
    if (reply instanceof Promise) return reply.catch(recover).then(count);
    return count(reply);
  };
}
