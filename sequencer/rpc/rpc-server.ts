/**
 * The node's ingress: WebSocket JSON-RPC 2.0 and binary transactions at `/ws`, plus HTTP GET
 * routes, on one uWebSockets.js app (spec §4).
 *
 *     const server = await createRpcServer({ port: 0 }, { methods: { eth_chainId: () => "0x7a69" } });
 *     server.publish("newBatches", { number: "0x1" });
 *     await server.close();
 *
 * Protections: a message over maxPayloadBytes drops the connection at once (uWS reads no more
 * of it; close code 1006, no close frame), as does a text frame that is not UTF-8 (uWS validates
 * text frames); a batch over maxBatchLength is refused (-32600 or a binary error reply); a
 * connection with more than maxBackpressureBytes unsent when a message is due is closed (code
 * 4008, "slow consumer"; a subscriber of a published feed is dropped by uWS directly); a
 * connection silent for idleTimeoutSeconds is dropped (1006); upgrades beyond maxConnections get
 * HTTP 503 with a JSON body; requests in flight per connection are bounded (-32005 "limit
 * exceeded" or a binary "busy" reply, the connection stays open). Shutdown closes with 1001.
 */
import { createRequire } from "node:module";
import type * as Uws from "uWebSockets.js";
import { assertNativeUws } from "../native/native-bindings.ts";
import type { BinaryTransactionsHandler } from "./binary-message.ts";
import type { Connection } from "./connection.ts";
import { registerFallbackRoutes, registerGetRoute, type GetRouteHandler, type PendingResponses } from "./http-routes.ts";
import { registerHttpJsonRpc } from "./http-json-rpc.ts";
import { encodeNotification } from "./json-rpc-response.ts";
import { RequestDispatcher, type RequestContext, type RpcMethods } from "./request-dispatcher.ts";
import { Reporter, stderrLogger } from "./rpc-hooks.ts";
import { resolveRpcServerOptions, type RpcServerOptions } from "./server-options.ts";
import { FEEDS, newSubscriptionId, subscriptionMethods, type Feed } from "./subscriptions.ts";
import { registerWebSocketRoute } from "./websocket-route.ts";

export interface RpcHandlers {
  /** The node's JSON-RPC methods (loft_subscribe / loft_unsubscribe are the server's own). */
  readonly methods: RpcMethods;
  /** The binary fast path; without it binary frames get an "unsupported" error reply. */
  readonly onBinaryTransactions?: BinaryTransactionsHandler;
}

export interface RpcServer {
  readonly host: string;
  /** The bound port (the free one picked when the options said 0). */
  readonly port: number;
  /** `ws://host:port/ws` */
  readonly url: string;
  /** `http://host:port/` (JSON-RPC over HTTP POST; also `/rpc`). */
  readonly httpUrl: string;
  /** Sends `result` to every subscriber of the feed ("newBatches": loft_subscribe, "newHeads": eth_subscribe). */
  publish(feed: Feed, result: unknown): void;
  /** Sends `result` to connection `connectionId`'s "receipts" subscription; false if it has none or is gone. */
  notifyReceipts(connectionId: number, result: unknown): boolean;
  /** Sends already-encoded JSON results to connection `connectionId`'s "receipts" subscription in one socket write. */
  notifyReceiptsJson(connectionId: number, results: readonly string[]): boolean;
  /** Open WebSocket connections. */
  connectionCount(): number;
  /** Adds an HTTP GET route (uWS pattern, e.g. "/api/batches/:n"); exact routes win over "/*". */
  get(pattern: string, handler: GetRouteHandler): void;
  /** Stops listening, closes every connection (1001), pending HTTP response and keep-alive socket. Idempotent. */
  close(): Promise<void>;
}

export class RpcServerError extends Error {
  override name = "RpcServerError";
}

/** uWS ≥ 20.30 has App.close() (closes every socket of the app); its d.ts does not declare it. */
type ClosableApp = Uws.TemplatedApp & { close(): void };

const SERVER_METHODS = ["loft_subscribe", "loft_unsubscribe", "eth_subscribe", "eth_unsubscribe"];
/** uWS's LIBUS_LISTEN_EXCLUSIVE_PORT: no SO_REUSEPORT, so a second server on a taken port fails instead of sharing it. */
const LISTEN_EXCLUSIVE_PORT = 1;
const SHUTDOWN_CLOSE_CODE = 1001;
const require = createRequire(import.meta.url);

export async function createRpcServer(options: RpcServerOptions, handlers: RpcHandlers): Promise<RpcServer> {
  const config = resolveRpcServerOptions(options);
  for (const [method, handler] of Object.entries(handlers.methods)) {
    if (SERVER_METHODS.includes(method)) throw new RpcServerError(`${method} is served by the rpc server itself; remove it from the method table`);
    if (typeof handler !== "function") throw new RpcServerError(`method ${method}: expected a handler function, got ${typeof handler}`);
  }
  if (handlers.onBinaryTransactions !== undefined && typeof handlers.onBinaryTransactions !== "function") {
    throw new RpcServerError(`onBinaryTransactions: expected a function, got ${typeof handlers.onBinaryTransactions}`);
  }
  assertNativeUws();
  const uws = require("uWebSockets.js") as typeof Uws;
  const reporter = new Reporter(config.logger ?? stderrLogger, config.metrics);
  const feedIds = Object.fromEntries(FEEDS.map((feed) => [feed, newSubscriptionId()])) as Record<Feed, string>;
  const methods = new Map<string, (params: unknown, context: RequestContext) => unknown>(Object.entries(handlers.methods));
  for (const [name, method] of Object.entries(subscriptionMethods(feedIds))) methods.set(name, method);
  const dispatcher = new RequestDispatcher<RequestContext>(methods, reporter);
  const connections = new Map<number, Connection>();
  const pendingHttp: PendingResponses = new Set();
  let closed = false;

  const app = uws.App();
  registerWebSocketRoute(uws, app, {
    config,
    reporter,
    dispatcher,
    onBinaryTransactions: handlers.onBinaryTransactions,
    connections,
    isShuttingDown: () => closed,
  });
  registerHttpJsonRpc(app, { ...config, reporter, dispatcher, pending: pendingHttp, isShuttingDown: () => closed });
  registerFallbackRoutes(app);

  const listenSocket = await listen(app, config.host, config.port);
  const port = uws.us_socket_local_port(listenSocket as unknown as Uws.us_socket);

  const hostPort = `${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  return {
    host: config.host,
    port,
    url: `ws://${hostPort}/ws`,
    httpUrl: `http://${hostPort}/`,
    publish(feed, result) {
      if (!FEEDS.includes(feed)) throw new RpcServerError(`unknown feed ${JSON.stringify(feed)}; expected ${FEEDS.map((f) => `"${f}"`).join(" or ")}`);
      if (closed) return;
      let message: string | undefined;
      for (const connection of connections.values()) {
        if (!connection.feeds.has(feed)) continue;
        message ??= encodeNotification(feedIds[feed], result);
        connection.send(message);
      }
    },
    notifyReceipts: (connectionId, result) => connections.get(connectionId)?.notifyReceipts(result) ?? false,
    notifyReceiptsJson: (connectionId, results) => connections.get(connectionId)?.notifyReceiptsJson(results) ?? false,
    connectionCount: () => connections.size,
    get: (pattern, handler) => registerGetRoute(app, pattern, handler, reporter.logger, pendingHttp),
    async close() {
      if (closed) return;
      closed = true;
      uws.us_listen_socket_close(listenSocket);
      for (const connection of [...connections.values()]) connection.end(SHUTDOWN_CLOSE_CODE, "server shutting down");
      for (const res of [...pendingHttp]) {
        pendingHttp.delete(res);
        res.close();
      }
      (app as ClosableApp).close(); // drops keep-alive HTTP sockets too (untyped in uWS's d.ts)
    },
  };
}

/** Listens exclusively (uWS would otherwise set SO_REUSEPORT, and a second node on the port would silently share it). */
function listen(app: Uws.TemplatedApp, host: string, port: number): Promise<Uws.us_listen_socket> {
  type ExclusiveListen = (host: string, port: number, options: number, cb: (socket: Uws.us_listen_socket | false) => void) => void;
  return new Promise((resolve, reject) => {
    (app.listen as unknown as ExclusiveListen).call(app, host, port, LISTEN_EXCLUSIVE_PORT, (socket) => {
      if (socket) resolve(socket);
      else reject(new RpcServerError(`cannot listen on ${host}:${port}: the port is in use (another node?), the address is not local, or binding is not permitted`));
    });
  });
}
