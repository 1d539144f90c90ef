/**
 * What the ingress reports to the rest of the node: a logger (pino's `logger.error(fields, msg)`
 * shape, so a pino instance fits as is) and optional metrics callbacks the node wires to
 * prom-client. A callback that throws is logged and otherwise ignored.
 */
export interface RpcLogger {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Why the ingress refused or cut off something; a small fixed set, safe as a metric label. */
export type RejectionReason =
  | "parse_error"
  | "invalid_request"
  | "batch_too_long"
  | "method_not_found"
  | "in_flight_limit"
  | "connection_cap"
  | "payload_too_large"
  | "slow_consumer"
  | "binary_malformed";

export interface RpcMetricsHooks {
  connectionOpened?(connectionId: number): void;
  connectionClosed?(connectionId: number, code: number): void;
  /** One JSON-RPC request to a served method (never an unknown method name: bounded labels). */
  request?(method: string, outcome: "ok" | "error", seconds: number): void;
  /** One binary frame handed to `onBinaryTransactions`. */
  binaryTransactions?(count: number, outcome: "ok" | "error", seconds: number): void;
  rejected?(reason: RejectionReason): void;
}

/** Logs JSON lines to stderr; the node passes its pino logger instead. */
export const stderrLogger: RpcLogger = {
  error: (fields, message) => process.stderr.write(`${JSON.stringify({ level: "error", ...fields, msg: message })}\n`),
  warn: (fields, message) => process.stderr.write(`${JSON.stringify({ level: "warn", ...fields, msg: message })}\n`),
};

/** The hooks with every call guarded, so metrics code can never break request handling. */
export class Reporter {
  constructor(
    readonly logger: RpcLogger,
    private readonly hooks: RpcMetricsHooks = {},
  ) {}

  report<K extends keyof RpcMetricsHooks>(hook: K, ...args: Parameters<NonNullable<RpcMetricsHooks[K]>>): void {
    const callback = this.hooks[hook] as ((...values: unknown[]) => void) | undefined;
    if (!callback) return;
    try {
      callback.apply(this.hooks, args);
    } catch (error) {
      this.logger.error({ hook, err: describeError(error) }, "rpc metrics hook threw");
    }
  }
}

/** Name, message and stack of a thrown value, for logs only (never sent to clients). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
