/** Starts an rpc server on 127.0.0.1:0 with a logger that records what it logged. */
import { createRpcServer, type RpcHandlers, type RpcServer } from "../../sequencer/rpc/rpc-server.ts";
import type { RpcLogger } from "../../sequencer/rpc/rpc-hooks.ts";
import type { RpcServerOptions } from "../../sequencer/rpc/server-options.ts";
import type { ClientOptions } from "ws";
import { TestClient } from "./rpc-test-client.ts";

export interface LogEntry {
  readonly level: "error" | "warn";
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

export interface TestServer {
  readonly server: RpcServer;
  readonly logs: LogEntry[];
  readonly clients: TestClient[];
  connect(options?: ClientOptions): Promise<TestClient>;
  /** Closes every client it connected and the server. */
  stop(): Promise<void>;
}

export async function startTestServer(handlers: RpcHandlers, options: RpcServerOptions = {}): Promise<TestServer> {
  const logs: LogEntry[] = [];
  const logger: RpcLogger = {
    error: (fields, message) => logs.push({ level: "error", fields, message }),
    warn: (fields, message) => logs.push({ level: "warn", fields, message }),
  };
  const server = await createRpcServer({ host: "127.0.0.1", port: 0, logger, ...options }, handlers);
  const clients: TestClient[] = [];
  return {
    server,
    logs,
    clients,
    async connect(clientOptions) {
      const client = await TestClient.connect(server.url, clientOptions);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.close();
      await server.close();
    },
  };
}
