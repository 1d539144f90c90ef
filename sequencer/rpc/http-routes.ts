/**
 * Plain HTTP GET routes on the ingress's own app and port (the explorer and /metrics build on
 * these). Handlers get a copy of the request (uWS's request object dies with its callback) and
 * return an `HttpReply`; every reply carries CORS headers; a thrown error is a logged 500.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from "uWebSockets.js";
import { describeError, type RpcLogger } from "./rpc-hooks.ts";

export interface HttpRequestInfo {
  /** The path, e.g. "/api/batches/7". */
  readonly url: string;
  /** Values of the route's `:name` segments, in order. */
  readonly parameters: readonly string[];
  readonly query: URLSearchParams;
  /** A request header by lower-case name, "" when absent. */
  header(name: string): string;
}

export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

export type GetRouteHandler = (request: HttpRequestInfo) => HttpReply | Promise<HttpReply>;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
  429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
};

/** A JSON body (throws on bigint like JSON.stringify: encode quantities as 0x-hex). */
export function jsonReply(value: unknown, status = 200): HttpReply {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

/** `{"error": message}` with status 404. */
export function notFoundReply(message: string): HttpReply {
  return jsonReply({ error: message }, 404);
}

export function textReply(body: string, contentType = "text/plain; charset=utf-8", status = 200): HttpReply {
  return { status, contentType, body };
}

/** Writes a whole reply; call inside a cork when outside the route callback's synchronous part. */
export function writeReply(res: HttpResponse, reply: HttpReply, closeConnection = false): void {
  res
    .writeStatus(`${reply.status} ${STATUS_TEXT[reply.status] ?? ""}`.trimEnd())
    .writeHeader("Content-Type", reply.contentType)
    .writeHeader("Access-Control-Allow-Origin", "*")
    .writeHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
    .writeHeader("Access-Control-Allow-Headers", "Content-Type")
    .end(reply.body, closeConnection);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed %-escape: handed over as sent, for the handler to refuse
  }
}

function copyRequest(req: HttpRequest, parameterCount: number): HttpRequestInfo {
  const headers = new Map<string, string>();
  req.forEach((key, value) => headers.set(key, value));
  const parameters: string[] = [];
  for (let i = 0; i < parameterCount; i++) parameters.push(decodeSegment(req.getParameter(i)));
  return { url: req.getUrl(), parameters, query: new URLSearchParams(req.getQuery() ?? ""), header: (name) => headers.get(name) ?? "" };
}

/** Open responses still waiting for their handler, so the server can close them on shutdown. */
export type PendingResponses = Set<HttpResponse>;

export function registerGetRoute(app: TemplatedApp, pattern: string, handler: GetRouteHandler, logger: RpcLogger, pending: PendingResponses): void {
  const parameterCount = pattern.split("/").filter((segment) => segment.startsWith(":")).length;
  app.get(pattern, (res, req) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
      pending.delete(res);
    });
    const fail = (error: unknown): HttpReply => {
      logger.error({ route: pattern, err: describeError(error) }, "http route failed");
      return jsonReply({ error: "internal error" }, 500);
    };
    let outcome: HttpReply | Promise<HttpReply>;
    try {
      outcome = handler(copyRequest(req, parameterCount));
    } catch (error) {
      outcome = fail(error);
    }
    if (!(outcome instanceof Promise)) return writeReply(res, outcome);
    pending.add(res);
    outcome.catch(fail).then((reply) => {
      if (aborted || !pending.delete(res)) return;
      res.cork(() => writeReply(res, reply));
    }, () => undefined);
  });
}

/** 204 for CORS preflights, JSON 404 for everything no route matched. */
export function registerFallbackRoutes(app: TemplatedApp): void {
  app.options("/*", (res) => writeReply(res, { status: 204, contentType: "text/plain", body: "" }));
  app.any("/*", (res, req) => writeReply(res, notFoundReply(`no route for ${req.getMethod().toUpperCase()} ${req.getUrl()}`)));
}
