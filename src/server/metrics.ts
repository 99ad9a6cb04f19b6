import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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
    reaperRuns: new Counter({
      name: "roster_presence_reaper_runs_total",
      help: "Reaper polls (skipped ones, held after a store outage, not counted)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    heartbeats: new Counter({
      name: "roster_presence_heartbeats_total",
      help: "Liveness beats of this instance: known, unknown (re-registered), failed",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    http: new Histogram({
      name: "roster_http_request_duration_seconds",
      help: "HTTP requests, from arrival to the response's end; route is a bounded pattern",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    socketConnects: new Counter({
      name: "roster_socket_connects_total",
      help: "Socket.IO connection attempts: accepted, or the refusal reason",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    socketDisconnects: new Counter({
      name: "roster_socket_disconnects_total",
      help: "Socket.IO disconnects by Socket.IO's reason",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    storeDuration: new Histogram({
      name: "roster_presence_store_duration_seconds",
      help: "Presence store operations (one Redis script each), including the round trip",
      labelNames: ["operation", "outcome"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    dbDuration: new Histogram({
      name: "roster_db_query_duration_seconds",
      help: "Prisma operations by model (raw: none) and operation",
      labelNames: ["model", "operation", "outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: "roster_presence_batch_size",
      help: "Updates per presence:updated emit",
      labelNames: ["audience"] as const,
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "roster_presence_deliveries_total",
      help: "presence:updated messages written to sockets on this instance (one per receiving socket)",
      registers: [registry],
    }),
  };
}

const g = globalThis as unknown as { __rosterMetrics?: ReturnType<typeof create> };
export const metrics = (g.__rosterMetrics ??= create());

export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { "content-type": metrics.registry.contentType });
  res.end(await metrics.registry.metrics());
}
