import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

// Prometheus metrics, served by server.ts at GET /metrics. One registry per process.
function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sockets: new Gauge({ name: "roster_sockets_connected", help: "Socket.IO connections on this instance", registers: [registry] }),
    transitions: new Counter({
      name: "roster_presence_transitions_total",
      help: "Presence changes processed (connect, activity, disconnect after grace, mode)",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    broadcasts: new Counter({
      name: "roster_presence_messages_total",
      help: "presence:updated emits (each may carry a batch of updates)",
      labelNames: ["audience"] as const,
      registers: [registry],
    }),
    reaped: new Counter({ name: "roster_presence_reaped_instances_total", help: "Dead instances (with connections left) reaped by this one", registers: [registry] }),
  };
}

const g = globalThis as unknown as { __rosterMetrics?: ReturnType<typeof create> };
export const metrics = (g.__rosterMetrics ??= create());

export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { "content-type": metrics.registry.contentType });
  res.end(await metrics.registry.metrics());
}
