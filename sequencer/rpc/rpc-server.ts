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
 * text frames); a batch over maxBatchLength is refused (-32600 or a
 * binary error reply); a connection whose send buffer passes maxBackpressureBytes is closed (code
 * 4008, "slow consumer"; a subscriber of a published feed is dropped by uWS directly); a connection
 * silent for idleTimeoutSeconds is dropped (1006); upgrades beyond maxConnections get HTTP 503
 * with a JSON body; requests in flight per connection are bounded (-32005 "limit exceeded" or a
 * binary "busy" reply, the connection stays open). Shutdown closes connections with 1001.
 */
import { createRequire } from "node:module";
import type * as Uws from "uWebSockets.js";
import { assertNativeUws } from "../native/native-bindings.ts";
import { answerBinaryMessage, type BinaryTransactionsHandler } from "./binary-message.ts";
import { Connection, type SocketData } from "./connection.ts";
import { registerFallbackRoutes, registerGetRoute, type GetRouteHandler, type PendingResponses } from "./http-routes.ts";
import { decodeTextFrame } from "./json-rpc-request.ts";
import { encodeError, encodeNotification } from "./json-rpc-response.ts";
import { RequestDispatcher, type RequestContext, type RpcMethods } from "./request-dispatcher.ts";
import { describeError, Reporter, stderrLogger } from "./rpc-hooks.ts";
import { resolveRpcServerOptions, type RpcServerOptions } from "./server-options.ts";
import { NEW_BATCHES_TOPIC, newSubscriptionId, subscriptionMethods } from "./subscriptions.ts";
import { answerTextMessage } from "./text-message.ts";

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
  /** Sends `result` to every "newBatches" subscriber. */
  publish(kind: "newBatches", result: unknown): void;
  /** Sends `result` to connection `connectionId`'s "receipts" subscription; false if it has none or is gone. */
  notifyReceipts(connectionId: number, result: unknown): boolean;
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

const SERVER_METHODS = ["loft_subscribe", "loft_unsubscribe"];
const SHUTDOWN_CLOSE_CODE = 1001;
const require = createRequire(import.meta.url);

export async function createRpcServer(options: RpcServerOptions, handlers: RpcHandlers): Promise<RpcServer> {
  const config = resolveRpcServerOptions(options);
  for (const method of SERVER_METHODS) {
    if (Object.hasOwn(handlers.methods, method)) throw new RpcServerError(`${method} is served by the rpc server itself; remove it from the method table`);
  }
  assertNativeUws();
  const uws = require("uWebSockets.js") as typeof Uws;
  const reporter = new Reporter(config.logger ?? stderrLogger, config.metrics);
  const newBatchesId = newSubscriptionId();
  type Context = RequestContext & { readonly connection: Connection };
  const methods = new Map<string, (params: unknown, context: Context) => unknown>(Object.entries(handlers.methods));
  for (const [name, method] of Object.entries(subscriptionMethods(newBatchesId))) methods.set(name, method);
  const dispatcher = new RequestDispatcher<Context>(methods, reporter);
  const connections = new Map<number, Connection>();
  const pendingHttp: PendingResponses = new Set();
  let nextConnectionId = 1;
  let closed = false;

  const app = uws.App();
  app.ws<SocketData>("/ws", {
    maxPayloadLength: config.maxPayloadBytes,
    maxBackpressure: config.maxBackpressureBytes,
    closeOnBackpressureLimit: true as unknown as number, // typed as number in the d.ts, a boolean in uWS
    idleTimeout: config.idleTimeoutSeconds,
    sendPingsAutomatically: config.sendPings,
    compression: uws.DISABLED,
    upgrade(res, req, context) {
      if (closed || connections.size >= config.maxConnections) {
        reporter.report("rejected", "connection_cap");
        const error = closed ? "server shutting down" : `connection limit reached (${config.maxConnections}); retry later`;
        res.writeStatus("503 Service Unavailable").writeHeader("Content-Type", "application/json").writeHeader("Retry-After", "1").end(JSON.stringify({ error }), true);
        return;
      }
      res.upgrade<SocketData>({}, req.getHeader("sec-websocket-key"), req.getHeader("sec-websocket-protocol"), req.getHeader("sec-websocket-extensions"), context);
    },
    open(ws) {
      const id = nextConnectionId++;
      const remoteAddress = Buffer.from(ws.getRemoteAddressAsText()).toString();
      const connection = new Connection(id, ws, remoteAddress, config.maxBackpressureBytes, reporter);
      ws.getUserData().connection = connection;
      connections.set(id, connection);
      reporter.report("connectionOpened", id);
    },
    message(ws, message, isBinary) {
      const connection = ws.getUserData().connection;
      if (connection === undefined) return;
      try {
        if (isBinary) {
          const reply = answerBinaryMessage(message, connection, handlers.onBinaryTransactions, config, reporter);
          if (reply instanceof Uint8Array) connection.send(reply);
          else void reply.then((frame) => connection.send(frame), (error: unknown) => logUnexpected(error, connection));
          return;
        }
        const text = decodeTextFrame(message);
        if (typeof text !== "string") {
          reporter.report("rejected", "parse_error");
          connection.send(encodeError(null, text));
          return;
        }
        answerTextMessage(text, connection, dispatcher, config, reporter).then(
          (reply) => reply !== undefined && connection.send(reply),
          (error: unknown) => logUnexpected(error, connection),
        );
      } catch (error) {
        logUnexpected(error, connection);
      }
    },
    close(ws, code, message) {
      const connection = ws.getUserData().connection;
      if (connection === undefined) return;
      connection.markClosed();
      connections.delete(connection.id);
      if (code === 1006 && Buffer.from(message).toString() === "Received too big message") reporter.report("rejected", "payload_too_large");
      reporter.report("connectionClosed", connection.id, code);
    },
  });
  registerFallbackRoutes(app);

  function logUnexpected(error: unknown, connection: Connection): void {
    reporter.logger.error({ connection: connection.id, err: describeError(error) }, "rpc ingress failed on a message");
  }

  const listenSocket = await listen(app, config.host, config.port);
  const port = uws.us_socket_local_port(listenSocket as unknown as Uws.us_socket);

  return {
    host: config.host,
    port,
    url: `ws://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}/ws`,
    publish(kind, result) {
      if (kind !== NEW_BATCHES_TOPIC) throw new RpcServerError(`unknown feed ${JSON.stringify(kind)}; expected "newBatches"`);
      if (!closed) app.publish(NEW_BATCHES_TOPIC, encodeNotification(newBatchesId, result), false);
    },
    notifyReceipts: (connectionId, result) => connections.get(connectionId)?.notifyReceipts(result) ?? false,
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

function listen(app: Uws.TemplatedApp, host: string, port: number): Promise<Uws.us_listen_socket> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket) => {
      if (socket) resolve(socket);
      else reject(new RpcServerError(`cannot listen on ${host}:${port} (address in use, not local, or not permitted)`));
    });
  });
}
