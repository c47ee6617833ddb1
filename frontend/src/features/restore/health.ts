// Restore health per server and the runs list: URL search params, status colours and order.
// Filters live in the URL (shareable): /restore/health?status=failing&group=…,
// /restore/runs?server=…&group=…&status=…. Values the API would reject are dropped, not sent.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";
import {
  RESTORE_HEALTH_COLORS,
  RESTORE_HEALTH_LABELS,
  RESTORE_HEALTH_STATUSES,
  restoreHealthCounts,
} from "@/components/healthStates";

import { RUN_STATUSES, type RunStatus } from "./decision";

export type RestoreHealth = JsonOf<operations["get_restore_health"]["responses"][200]>;
export type ServerHealth = RestoreHealth["items"][number];
export type HealthStatus = ServerHealth["status"];
export type AlertKind = ServerHealth["active_alerts"][number];
export type AlertPage = JsonOf<operations["list_restore_alerts"]["responses"][200]>;
export type RestoreAlert = AlertPage["items"][number];
export type RunPage = JsonOf<operations["list_restore_runs"]["responses"][200]>;
export type RunListItem = RunPage["items"][number];
export type RunQuery = NonNullable<operations["list_restore_runs"]["parameters"]["query"]>;
export type HealthQuery = NonNullable<operations["get_restore_health"]["parameters"]["query"]>;

export const HEALTH_STATUSES: readonly HealthStatus[] = RESTORE_HEALTH_STATUSES;
export const HEALTH_COLORS: Record<HealthStatus, string> = RESTORE_HEALTH_COLORS;
export const HEALTH_LABELS: Record<HealthStatus, string> = RESTORE_HEALTH_LABELS;

export const ALERT_LABELS: Record<AlertKind, string> = {
  restore_failing: "Restore verification failing",
  restore_overdue: "Restore verification overdue",
};

/** Failing, overdue, never verified, healthy; by group and server within a status (stable). */
export function sortHealth(items: readonly ServerHealth[]): ServerHealth[] {
  const rank = (status: HealthStatus) => HEALTH_STATUSES.indexOf(status);
  return [...items].sort(
    (a, b) => rank(a.status) - rank(b.status) || a.group.localeCompare(b.group) || a.server.localeCompare(b.server),
  );
}

/** Per-status counts for the summary line; statuses with no server are left out. */
export function healthCounts(items: readonly ServerHealth[]): { status: HealthStatus; count: number }[] {
  return restoreHealthCounts(items);
}

/** A freshness target in seconds as an operator says it: "7 d", "36 h", "90 min". */
export function formatTarget(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

function matching(value: unknown, pattern: RegExp): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return pattern.test(trimmed) ? trimmed : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((entry) => entry === value);
}

export interface HealthSearch {
  status?: HealthStatus;
  group?: string;
}

export interface RunsSearch {
  server?: string;
  group?: string;
  status?: RunStatus;
}

export function parseHealthSearch(raw: Record<string, unknown>): HealthSearch {
  const search: HealthSearch = {};
  const status = oneOf(raw.status, HEALTH_STATUSES);
  const group = matching(raw.group, NAME);
  if (status) search.status = status;
  if (group) search.group = group;
  return search;
}

export function parseRunsSearch(raw: Record<string, unknown>): RunsSearch {
  const search: RunsSearch = {};
  const server = matching(raw.server, NAME);
  const group = matching(raw.group, NAME);
  const status = oneOf(raw.status, RUN_STATUSES);
  if (server) search.server = server;
  if (group) search.group = group;
  if (status) search.status = status;
  return search;
}

/** Runs per page of the list ("Load more" fetches the next). */
export const RUNS_PAGE_SIZE = 25;

export function runsSearchToQuery(search: RunsSearch): RunQuery {
  const query: RunQuery = { limit: RUNS_PAGE_SIZE };
  if (search.server) query.server = search.server;
  if (search.group) query.group = search.group;
  if (search.status) query.status = search.status;
  return query;
}

export function healthSearchToQuery(search: HealthSearch): HealthQuery {
  const query: HealthQuery = {};
  if (search.status) query.status = search.status;
  if (search.group) query.group = search.group;
  return query;
}
