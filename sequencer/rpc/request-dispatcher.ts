/**
 * Runs one JSON-RPC request against the method table and turns whatever happens into exactly
 * one response text: the result, the handler's `RpcError`, a `ParamError` as -32602 with
 * `data: {code, path}`, or -32603 "internal error" (logged with its stack, never sent).
 */
import { ParamError } from "../protocol/param-error.ts";
import type { ConnectionHandle } from "./connection.ts";
import type { JsonRpcRequest } from "./json-rpc-request.ts";
import { encodeError, encodeResult } from "./json-rpc-response.ts";
import { describeError, type Reporter } from "./rpc-hooks.ts";
import { internalError, methodNotFound, RpcError } from "./rpc-error.ts";

/** What a method handler gets besides its params. */
export interface RequestContext {
  readonly connection: ConnectionHandle;
  readonly method: string;
}

/** A method handler; its result is serialized as JSON (no bigint: quantities are 0x-hex strings). */
export type RpcMethod = (params: unknown, context: RequestContext) => unknown;

/** The node's method table, e.g. `{ eth_chainId: () => "0x7a69" }`. */
export type RpcMethods = Readonly<Record<string, RpcMethod>>;

export class RequestDispatcher<Context extends RequestContext = RequestContext> {
  constructor(
    private readonly methods: ReadonlyMap<string, (params: unknown, context: Context) => unknown>,
    private readonly reporter: Reporter,
  ) {}

  has(method: string): boolean {
    return this.methods.has(method);
  }

  /** The response text, or undefined for a notification. Never rejects. */
  async run(request: JsonRpcRequest, context: Context): Promise<string | undefined> {
    const { id, method } = request;
    const handler = this.methods.get(method);
    if (handler === undefined) {
      this.reporter.report("rejected", "method_not_found");
      return id === undefined ? undefined : encodeError(id, methodNotFound(method));
    }
    const started = performance.now();
    let outcome: "ok" | "error" = "ok";
    try {
      const result = await handler(request.params, context);
      if (id === undefined) return undefined;
      return encodeResult(id, result, method);
    } catch (error) {
      outcome = "error";
      if (id === undefined) {
        if (!(error instanceof RpcError || error instanceof ParamError)) this.logInternal(error, method, context);
        return undefined;
      }
      return encodeError(id, this.toRpcError(error, method, context));
    } finally {
      this.reporter.report("request", method, outcome, (performance.now() - started) / 1000);
    }
  }

  private toRpcError(error: unknown, method: string, context: Context): RpcError {
    if (error instanceof RpcError) return error;
    if (error instanceof ParamError) return new RpcError(error.rpcCode, error.message, { code: error.code, path: error.path });
    this.logInternal(error, method, context);
    return internalError();
  }

  private logInternal(error: unknown, method: string, context: Context): void {
    this.reporter.logger.error({ method, connection: context.connection.id, err: describeError(error) }, "rpc method failed");
  }
}
