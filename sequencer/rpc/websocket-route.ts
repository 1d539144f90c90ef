/**
 * The `/ws` route on the uWS app: upgrades within the connection cap, one `Connection` per
 * socket, text frames to the JSON-RPC path, binary frames to the fast path, cleanup on close.
 * No exception escapes into uWS (which would take the process down).
 */
import type * as Uws from "uWebSockets.js";
import { answerBinaryMessage, type BinaryTransactionsHandler } from "./binary-message.ts";
import { Connection, uwsBackpressureLimit, type SocketData } from "./connection.ts";
import { decodeTextFrame } from "./json-rpc-request.ts";
import { encodeError } from "./json-rpc-response.ts";
import type { RequestContext, RequestDispatcher } from "./request-dispatcher.ts";
import { describeError, type Reporter } from "./rpc-hooks.ts";
import type { ResolvedRpcServerOptions } from "./server-options.ts";
import { answerTextMessage } from "./text-message.ts";

export interface WebSocketRouteState {
  readonly config: ResolvedRpcServerOptions;
  readonly reporter: Reporter;
  readonly dispatcher: RequestDispatcher<RequestContext>;
  readonly onBinaryTransactions: BinaryTransactionsHandler | undefined;
  /** Open connections by id; the route adds and removes them. */
  readonly connections: Map<number, Connection>;
  isShuttingDown(): boolean;
}

/** uWS's close message when a frame announced more than maxPayloadLength. */
const TOO_BIG_MESSAGE = "Received too big message";

export function registerWebSocketRoute(uws: typeof Uws, app: Uws.TemplatedApp, state: WebSocketRouteState): void {
  const { config, reporter, connections } = state;
  let nextConnectionId = 1;
  const logUnexpected = (error: unknown, connection: Connection) =>
    reporter.logger.error({ connection: connection.id, err: describeError(error) }, "rpc ingress failed on a message");

  app.ws<SocketData>("/ws", {
    maxPayloadLength: config.maxPayloadBytes,
    maxBackpressure: uwsBackpressureLimit(config.maxBackpressureBytes, config.maxPayloadBytes),
    closeOnBackpressureLimit: false as unknown as number, // typed as number in the d.ts, a boolean in uWS; Connection closes slow consumers (4008)
    idleTimeout: config.idleTimeoutSeconds,
    sendPingsAutomatically: config.sendPings,
    compression: uws.DISABLED,
    upgrade(res, req, context) {
      const shuttingDown = state.isShuttingDown();
      if (shuttingDown || connections.size >= config.maxConnections) {
        reporter.report("rejected", "connection_cap");
        const error = shuttingDown ? "server shutting down" : `connection limit reached (${config.maxConnections}); retry later`;
        res.writeStatus("503 Service Unavailable").writeHeader("Content-Type", "application/json").writeHeader("Retry-After", "1").end(JSON.stringify({ error }), true);
        return;
      }
      const header = (name: string) => req.getHeader(name);
      res.upgrade<SocketData>({}, header("sec-websocket-key"), header("sec-websocket-protocol"), header("sec-websocket-extensions"), context);
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
          const reply = answerBinaryMessage(message, connection, state.onBinaryTransactions, config, reporter);
          if (reply instanceof Uint8Array) connection.send(reply);
          else reply.then((frame) => connection.send(frame), (error: unknown) => logUnexpected(error, connection));
          return;
        }
        const text = decodeTextFrame(message); // copies out of uWS's buffer
        if (typeof text !== "string") {
          reporter.report("rejected", "parse_error");
          connection.send(encodeError(null, text));
          return;
        }
        answerTextMessage(text, { connection, inFlight: connection }, state.dispatcher, config, reporter).then(
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
      if (code === 1006 && Buffer.from(message).toString() === TOO_BIG_MESSAGE) reporter.report("rejected", "payload_too_large");
      reporter.report("connectionClosed", connection.id, code);
    },
  });
}
