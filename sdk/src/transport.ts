/**
 * How the client reaches the node: one small interface, two implementations (WebSocket: requests
 * and subscriptions on one connection; HTTP: `POST` JSON-RPC, no subscriptions, so waits poll).
 * Notifications are accepted in geth's shape (`eth_subscription`, spec §4 v2) and in v1's
 * (`loft_subscription`).
 */
import { LoftError, rpcErrorOf } from "./errors.ts";

export interface Transport {
  /** One JSON-RPC call; rejects with a LoftRpcError for an error answer, a LoftError("TRANSPORT") when the node cannot be reached. */
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** `loft_subscribe(kind)`; `onResult` gets each notification's result. Undefined on transports without subscriptions. */
  subscribe?(kind: "newBatches" | "receipts", onResult: (result: Record<string, unknown>) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface JsonRpcAnswer {
  id?: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  method?: string;
  params?: { subscription?: string; result?: Record<string, unknown> };
}

/** The result of an answer, or its error as a typed LoftRpcError. */
export function resultOf<T>(answer: JsonRpcAnswer): T {
  if (answer.error) throw rpcErrorOf(answer.error);
  if (!("result" in answer)) throw new LoftError("TRANSPORT", `the node's answer has neither result nor error: ${JSON.stringify(answer).slice(0, 200)}`);
  return answer.result as T;
}

/** A subscription notification, in either shape; undefined for anything else. */
export function notificationOf(message: JsonRpcAnswer): { subscription: string; result: Record<string, unknown> } | undefined {
  if ((message.method !== "eth_subscription" && message.method !== "loft_subscription") || typeof message.params?.subscription !== "string") return undefined;
  return { subscription: message.params.subscription, result: message.params.result ?? {} };
}

/** POST JSON-RPC over HTTP(S), e.g. `http://127.0.0.1:8547/` (spec §4 v2). */
export class HttpTransport implements Transport {
  private nextId = 1;
  constructor(private readonly url: string, private readonly timeoutMs = 30_000, private readonly fetchImpl: typeof fetch = globalThis.fetch) {}

  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new LoftError("TRANSPORT", `cannot reach ${this.url}: ${(cause as Error).message}`, { cause });
    }
    const text = await response.text();
    let answer: JsonRpcAnswer;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new LoftError("TRANSPORT", `${this.url} answered HTTP ${response.status} with no JSON-RPC body: ${text.slice(0, 120)}`);
    }
    return resultOf<T>(answer);
  }

  async close(): Promise<void> {}
}
