import type { JobStatus, JobStepStatus } from "@/features/jobs/api/types";

export const JOB_STATUSES: readonly JobStatus[] = [
  "pending",
  "awaiting_approval",
  "running",
  "cancelling",
  "succeeded",
  "failed",
  "cancelled",
];

export const JOB_STATUS_COLORS: Record<JobStatus, string> = {
  pending: "gray",
  awaiting_approval: "yellow",
  running: "blue",
  cancelling: "orange",
  succeeded: "teal",
  failed: "red",
  cancelled: "gray",
};

export const STEP_STATUS_COLORS: Record<JobStepStatus, string> = {
  pending: "gray",
  running: "blue",
  succeeded: "teal",
  failed: "red",
  skipped: "gray",
  cancelled: "gray",
};

/** Badge variant: active states filled, ended-without-result outlined (tells gray apart from pending). */
export function statusVariant(status: string): "filled" | "light" | "outline" {
  if (status === "running" || status === "cancelling") return "filled";
  if (status === "cancelled" || status === "skipped") return "outline";
  return "light";
}

const TERMINAL: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export function isJobStatus(value: string): value is JobStatus {
  return JOB_STATUSES.some((status) => status === value);
}

export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

export function statusLabel(status: string): string {
  return status.replace(/_/g, " ");
}

/** Milliseconds between two ISO times (end defaults to now), or null when there is no start. */
export function durationMs(start: string | null, end: string | null, now: number = Date.now()): number | null {
  if (!start) return null;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.max(0, to - from);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}
