/**
 * Parsing of one text frame into JSON-RPC 2.0 requests (spec §4): a single request object or a
 * batch array. Nothing here runs a method; every malformed part becomes an error to answer.
 */
import { invalidRequest, parseError, RpcError } from "./rpc-error.ts";

/** A request id: string, number or null. A member-less id makes a notification. */
export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  readonly kind: "request";
  /** `undefined` for a notification (no id member): it gets no response. */
  readonly id: JsonRpcId | undefined;
  readonly method: string;
  /** The params member as sent, `[]` when absent. */
  readonly params: unknown;
}

export interface InvalidRequest {
  readonly kind: "invalid";
  /** The request's id when it had a valid one, null otherwise. */
  readonly id: JsonRpcId;
  readonly error: RpcError;
}

export type RequestItem = JsonRpcRequest | InvalidRequest;

export type ParsedMessage =
  | { readonly kind: "single"; readonly item: RequestItem }
  | { readonly kind: "batch"; readonly items: readonly RequestItem[] }
  /** The whole frame is rejected with one error response (id null). */
  | { readonly kind: "rejected"; readonly error: RpcError; readonly reason: "parse_error" | "invalid_request" | "batch_too_long" };

const EMPTY_PARAMS: readonly unknown[] = Object.freeze([]);

function isValidId(id: unknown): id is JsonRpcId {
  return id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** Validates one element: a request object per JSON-RPC 2.0 §4. */
export function parseRequestItem(value: unknown): RequestItem {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "invalid", id: null, error: invalidRequest(`expected a request object, got ${typeName(value)}`) };
  }
  const request = value as Record<string, unknown>;
  const hasId = Object.hasOwn(request, "id");
  if (hasId && !isValidId(request.id)) {
    return { kind: "invalid", id: null, error: invalidRequest(`id must be a string, a number or null, got ${typeName(request.id)}`) };
  }
  const id = hasId ? (request.id as JsonRpcId) : null;
  if (request.jsonrpc !== "2.0") {
    return { kind: "invalid", id, error: invalidRequest('jsonrpc must be exactly "2.0"') };
  }
  if (typeof request.method !== "string") {
    return { kind: "invalid", id, error: invalidRequest(`method must be a string, got ${typeName(request.method)}`) };
  }
  const params = request.params;
  if (params !== undefined && (typeof params !== "object" || params === null)) {
    return { kind: "invalid", id, error: invalidRequest(`params must be an array or an object, got ${typeName(params)}`) };
  }
  return { kind: "request", id: hasId ? id : undefined, method: request.method, params: params ?? EMPTY_PARAMS };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes a text frame's bytes; invalid UTF-8 is a parse error like invalid JSON. */
export function decodeTextFrame(bytes: ArrayBuffer | Uint8Array): string | RpcError {
  try {
    return utf8.decode(bytes);
  } catch {
    return parseError("the frame is not valid UTF-8");
  }
}

/** Parses a whole text frame; a batch longer than `maxBatchLength` is refused as a whole. */
export function parseTextMessage(text: string, maxBatchLength: number): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "rejected", reason: "parse_error", error: parseError("the frame is not valid JSON") };
  }
  if (!Array.isArray(value)) return { kind: "single", item: parseRequestItem(value) };
  if (value.length === 0) return { kind: "rejected", reason: "invalid_request", error: invalidRequest("empty batch") };
  if (value.length > maxBatchLength) {
    return {
      kind: "rejected",
      reason: "batch_too_long",
      error: invalidRequest(`batch too long: ${value.length} requests, the limit is ${maxBatchLength}`),
    };
  }
  return { kind: "batch", items: value.map(parseRequestItem) };
}
