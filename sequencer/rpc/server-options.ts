/**
 * Options of the WebSocket/JSON-RPC server, their defaults and their validation. A bad value is
 * refused with an `RpcOptionsError` naming the option, never passed on to uWS (which aborts the
 * process on some values, e.g. an idle timeout of 1–7 s).
 */
import type { RpcLogger, RpcMetricsHooks } from "./rpc-hooks.ts";

export interface RpcServerOptions {
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** TCP port; 0 picks a free one (read it back from `server.port`). Default 8547. */
  port?: number;
  /** Largest accepted WebSocket message; a larger one drops the connection (close code 1006). Default 1 MiB. */
  maxPayloadBytes?: number;
  /** Largest accepted HTTP JSON-RPC request body (POST / and /rpc); larger → HTTP 413. Default 1 MiB. */
  maxHttpBodyBytes?: number;
  /** Most requests in a JSON-RPC batch and most transactions in a binary frame. Default 4096. */
  maxBatchLength?: number;
  /** Unsent bytes above which a connection is closed as a slow consumer when the next message is due. Default 1 MiB. */
  maxBackpressureBytes?: number;
  /** Seconds without any incoming data (a pong counts) before a connection is closed; 0 disables, else 8–960. Default 120. */
  idleTimeoutSeconds?: number;
  /** Whether the server pings quiet connections, so live clients that answer pongs are not idle. Default true. */
  sendPings?: boolean;
  /** Most open WebSocket connections; upgrades beyond get HTTP 503. Default 1024. */
  maxConnections?: number;
  /** Most requests (a binary frame counts its transactions) being handled per connection. Default 8192. */
  maxInFlightPerConnection?: number;
  logger?: RpcLogger;
  metrics?: RpcMetricsHooks;
}

export type ResolvedRpcServerOptions = Required<Omit<RpcServerOptions, "logger" | "metrics">> & Pick<RpcServerOptions, "logger" | "metrics">;

export const RPC_SERVER_DEFAULTS = {
  host: "127.0.0.1",
  port: 8547,
  maxPayloadBytes: 1024 * 1024,
  maxHttpBodyBytes: 1024 * 1024,
  maxBatchLength: 4096,
  maxBackpressureBytes: 1024 * 1024,
  idleTimeoutSeconds: 120,
  sendPings: true,
  maxConnections: 1024,
  maxInFlightPerConnection: 8192,
} as const;

export class RpcOptionsError extends Error {
  override name = "RpcOptionsError";
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`rpc option ${option}: ${detail}`);
  }
}

function integer(options: RpcServerOptions, name: keyof typeof RPC_SERVER_DEFAULTS, min: number, max: number): number {
  const value: unknown = options[name] ?? RPC_SERVER_DEFAULTS[name];
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const floor = name === "maxInFlightPerConnection" ? " (at least maxBatchLength)" : "";
    throw new RpcOptionsError(name, `expected an integer from ${min}${floor} to ${max}, got ${typeof value === "number" ? value : typeof value}`);
  }
  return value;
}

export function resolveRpcServerOptions(options: RpcServerOptions = {}): ResolvedRpcServerOptions {
  const host: unknown = options.host ?? RPC_SERVER_DEFAULTS.host;
  if (typeof host !== "string" || host.length === 0 || /[\s/]/.test(host)) {
    throw new RpcOptionsError("host", `expected a hostname or IP address, got ${JSON.stringify(host)}`);
  }
  const sendPings: unknown = options.sendPings ?? RPC_SERVER_DEFAULTS.sendPings;
  if (typeof sendPings !== "boolean") throw new RpcOptionsError("sendPings", `expected a boolean, got ${typeof sendPings}`);
  const maxBatchLength = integer(options, "maxBatchLength", 1, 65536);
  const resolved: ResolvedRpcServerOptions = {
    host,
    port: integer(options, "port", 0, 65535),
    maxPayloadBytes: integer(options, "maxPayloadBytes", 1024, 64 * 1024 * 1024),
    maxHttpBodyBytes: integer(options, "maxHttpBodyBytes", 1024, 64 * 1024 * 1024),
    maxBatchLength,
    maxBackpressureBytes: integer(options, "maxBackpressureBytes", 1024, 1024 * 1024 * 1024),
    idleTimeoutSeconds: integer(options, "idleTimeoutSeconds", 0, 960),
    sendPings,
    maxConnections: integer(options, "maxConnections", 1, 1_000_000),
    maxInFlightPerConnection: integer(options, "maxInFlightPerConnection", maxBatchLength, 1_000_000),
    logger: options.logger,
    metrics: options.metrics,
  };
  if (resolved.idleTimeoutSeconds > 0 && resolved.idleTimeoutSeconds < 8) {
    throw new RpcOptionsError("idleTimeoutSeconds", `expected 0 (disabled) or 8 to 960 seconds (uWS's timer granularity is 4 s), got ${resolved.idleTimeoutSeconds}`);
  }
  return resolved;
}

