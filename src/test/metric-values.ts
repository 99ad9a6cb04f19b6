import { metrics } from "@/server/metrics";

interface Sample {
  value: number;
  labels: Record<string, string | number | undefined>;
  metricName?: string;
}

/**
 * Sum of the samples of the registry's series `name` whose labels include `labels`. For a
 * histogram, `sample` picks the `_count` or `_sum` line (default: `_count`).
 */
export async function metricValue(name: string, labels: Record<string, string> = {}, sample?: "count" | "sum"): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { type, values } = (await metric.get()) as unknown as { type: string; values: Sample[] };
  const wanted = type === "histogram" ? `${name}_${sample ?? "count"}` : undefined;
  return values
    .filter((v) => v.metricName === wanted && Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}
