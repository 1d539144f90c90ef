/**
 * A fault-injecting HTTP proxy in front of an L1 JSON-RPC (Hardhat) for the L1-fault tests and
 * bench/l1: on 127.0.0.1 at a fixed port, it forwards, or refuses connections (the listener is
 * closed, so connecting gets ECONNREFUSED, as when the L1 node restarts), or hangs (accepts and
 * never answers, as a frozen L1), or resets (destroys the socket on every request: ECONNRESET),
 * or answers HTTP 503 / 429. Switching mode also ends the connections of the previous mode, as a
 * restarting L1 would.
 *
 *     const proxy = await startFaultProxy(hardhat.rpcUrl);
 *     await proxy.set("refuse"); … await proxy.set("forward");
 *     await proxy.stop();
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { freePort } from "../../sequencer/devnet/free-port.ts";

export type FaultMode = "forward" | "refuse" | "hang" | "reset" | "http503" | "http429";

export interface FaultProxy {
  url: string;
  port: number;
  mode(): FaultMode;
  /** Requests that reached the proxy, by the mode they met. */
  counts: Record<FaultMode, number>;
  set(mode: FaultMode): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string, initial: FaultMode = "forward"): Promise<FaultProxy> {
  const port = await freePort();
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const sockets = new Set<Socket>();
  const counts: Record<FaultMode, number> = { forward: 0, refuse: 0, hang: 0, reset: 0, http503: 0, http429: 0 };
  let mode: FaultMode = initial;
  let server: http.Server | undefined;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    counts[mode]++;
    if (mode === "hang") return; // never answered; the socket ends at the next mode switch
    if (mode === "reset") return request.socket.destroy();
    if (mode === "http503" || mode === "http429") return response.writeHead(mode === "http503" ? 503 : 429).end("unavailable");
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const forwarded = http.request({ host: upstream.hostname, port: upstream.port, path: "/", method: "POST", agent, headers: { "content-type": "application/json" } }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, { "content-type": "application/json" });
        answer.pipe(response);
      });
      forwarded.on("error", () => response.destroy());
      forwarded.end(Buffer.concat(chunks));
    });
  };

  const listen = async () => {
    server = http.createServer(handle);
    server.keepAliveTimeout = 60_000;
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
  };
  const close = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  };

  if (initial !== "refuse") await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    mode: () => mode,
    async set(next) {
      for (const socket of sockets) socket.destroy(); // connections of the previous mode end, as at an L1 restart
      if (next === "refuse") await close();
      else if (!server) await listen();
      mode = next;
    },
    async stop() {
      await close();
      agent.destroy();
    },
  };
}
