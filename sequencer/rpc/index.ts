/** The ingress's public surface: what the node, the explorer and clients import. */
export { createRpcServer, RpcServerError, type RpcHandlers, type RpcServer } from "./rpc-server.ts";
export { RPC_SERVER_DEFAULTS, RpcOptionsError, resolveRpcServerOptions, type RpcServerOptions } from "./server-options.ts";
export type { RequestContext, RpcMethod, RpcMethods } from "./request-dispatcher.ts";
export type { ConnectionHandle } from "./connection.ts";
export { SLOW_CONSUMER_CLOSE_CODE } from "./connection.ts";
export {
  alreadyKnown,
  insufficientFunds,
  limitExceeded,
  mempoolFull,
  nonceTooHigh,
  nonceTooLow,
  replacementUnderpriced,
  RpcError,
  RpcErrorCode,
} from "./rpc-error.ts";
export type { BinaryTransactionsHandler } from "./binary-message.ts";
export {
  BinaryErrorCode,
  BinaryFrameType,
  decodeBinaryReply,
  MALFORMED_RECORD_STATUS,
  type BinaryReply,
} from "./binary-frame.ts";
export { jsonReply, notFoundReply, textReply, type GetRouteHandler, type HttpReply, type HttpRequestInfo } from "./http-routes.ts";
export type { RejectionReason, RpcLogger, RpcMetricsHooks } from "./rpc-hooks.ts";
export { FEEDS, SUBSCRIPTION_KINDS, UNKNOWN_SUBSCRIPTION, type Feed, type SubscriptionKind } from "./subscriptions.ts";
