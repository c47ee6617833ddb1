import { queryOptions } from "@tanstack/react-query";

import { client } from "@/api/client";
import { ApiCallError, describeError } from "@/api/problem";

import type { DependencyName, Readiness } from "./types";

export const READINESS_REFRESH_MS = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** True for a /ready body; a 503 carries the same shape (plus problem fields) naming what failed. */
export function isReadiness(value: unknown): value is Readiness {
  if (!isRecord(value)) return false;
  if (value.status !== "ready" && value.status !== "not_ready") return false;
  if (!Array.isArray(value.checks)) return false;
  return value.checks.every(
    (check) => isRecord(check) && typeof check.name === "string" && typeof check.ok === "boolean" && typeof check.detail === "string",
  );
}

async function fetchReadiness(signal: AbortSignal): Promise<Readiness> {
  const { data, error, response } = await client.GET("/ready", { signal });
  if (data) return data;
  if (isReadiness(error)) return error;
  throw new ApiCallError(describeError(error, response));
}

export const readinessQueryOptions = queryOptions({
  queryKey: ["get", "/ready"] as const,
  queryFn: ({ signal }) => fetchReadiness(signal),
  refetchInterval: READINESS_REFRESH_MS,
  refetchIntervalInBackground: false,
  staleTime: 0,
});

/** What each dependency is for, so a failed card says what is at stake. */
export const DEPENDENCIES: Record<DependencyName, { label: string; role: string }> = {
  postgres: { label: "PostgreSQL", role: "Job ledger, audit log, restore catalog" },
  nats: { label: "NATS JetStream", role: "Placement and config KV, events" },
  s3: { label: "Object store (S3)", role: "Restore evidence and receipts" },
};

export const DEPENDENCY_ORDER: DependencyName[] = ["postgres", "nats", "s3"];
