// Sparkline geometry: probe history -> SVG coordinates (pure, so it is unit-tested).
import type { ProbePoint } from "@/features/fleet/api/types";

export interface SparkPoint {
  x: number;
  y: number;
  ok: boolean;
  latencyMs: number;
}

export interface Sparkline {
  points: SparkPoint[];
  /** The SVG polyline "x,y x,y …" (empty with fewer than two points). */
  path: string;
  maxMs: number;
}

/**
 * Lays the last `capacity` probes out left to right in a width x height box (newest at the
 * right edge, so a short history grows from the right), scaled to the largest latency shown.
 */
export function sparkline(history: readonly ProbePoint[], width: number, height: number, capacity = 30): Sparkline {
  const shown = history.slice(-capacity);
  const pad = 2;
  const maxMs = Math.max(1, ...shown.map((point) => point.latency_ms));
  const step = capacity > 1 ? (width - pad * 2) / (capacity - 1) : 0;
  const offset = capacity - shown.length;
  const points = shown.map((point, index) => {
    const x = pad + (offset + index) * step;
    const y = pad + (height - pad * 2) * (1 - point.latency_ms / maxMs);
    return { x: round(x), y: round(y), ok: point.ok, latencyMs: point.latency_ms };
  });
  const path = points.length >= 2 ? points.map((point) => `${point.x},${point.y}`).join(" ") : "";
  return { points, path, maxMs };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
