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
} from "@/lib/healthStates";

import { RUN_STATUSES, type RunStatus } from "@/features/restore/runs/lib/decision";

export type RestoreHealth = JsonOf<operations["get_restore_health"]["responses"][200]>;
export type ServerHealth = RestoreHealth["items"][number];
export type HealthStatus = ServerHealth["status"];
export type AlertKind = ServerHealth["active_alerts"][number];
export type AlertPage = JsonOf<operations["list_restore_alerts"]["responses"][200]>;
export type RestoreAlert = AlertPage["items"][number];
export type AlertEvent = RestoreAlert["events"][number];
export type AlertDelivery = AlertEvent["deliveries"][number];
export type DeliveryChannel = AlertDelivery["channel"];
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

/** Where one alert change stands on one channel: its latest log entry decides. */
export interface ChannelDelivery {
  channel: DeliveryChannel;
  /** pending: its delivery job has not logged an attempt yet. */
  state: AlertDelivery["outcome"] | "pending";
  /** Attempts made (a cancellation is not an attempt). */
  attempts: number;
  last: AlertDelivery | null;
}

export const DELIVERY_CHANNEL_LABELS: Record<DeliveryChannel, string> = { nats: "NATS", webhook: "webhook" };

/** The change an active alert's delivery log is about: its latest raise (events are newest first). */
export function latestRaise(alert: RestoreAlert): AlertEvent | null {
  return alert.events.find((event) => event.change === "raised") ?? null;
}

/**
 * Per channel (NATS, then the webhook), the state of an alert change's delivery; the log is in
 * time order. NATS is always delivered to (pending until its job logs an attempt); the webhook
 * shows once its job logged something: every change has a webhook job, and for a group without
 * a webhook it ends without an entry, so "no entry" there is not "pending".
 */
export function deliveryChannels(event: AlertEvent): ChannelDelivery[] {
  const channels: DeliveryChannel[] = [];
  const add = (channel: DeliveryChannel) => {
    if (!channels.includes(channel)) channels.push(channel);
  };
  if (event.delivery_job_ids.length > 0) add("nats");
  for (const entry of event.deliveries) add(entry.channel);
  channels.sort((a, b) => (a === b ? 0 : a === "nats" ? -1 : 1));
  return channels.map((channel) => {
    const entries = event.deliveries.filter((entry) => entry.channel === channel);
    const last = entries.at(-1) ?? null;
    const attempts = entries.filter((entry) => entry.outcome !== "cancelled").length;
    return { channel, state: last ? last.outcome : "pending", attempts, last };
  });
}

/** "cancelled by alice: the on-call already knows" (who stopped a delivery, and why). */
export function describeCancellation(entry: AlertDelivery): string {
  const who = entry.cancelled_by ?? "unknown";
  return entry.reason ? `cancelled by ${who}: ${entry.reason}` : `cancelled by ${who}`;
}

/** One log entry's result in a few words: the HTTP status, the error or who cancelled it. */
export function describeDelivery(entry: AlertDelivery): string {
  if (entry.outcome === "cancelled") return describeCancellation(entry);
  const status = entry.status_code === null ? "" : `HTTP ${entry.status_code}`;
  if (entry.outcome === "delivered") return status === "" ? "delivered" : `delivered (${status})`;
  const why = [status, entry.error ?? ""].filter((part) => part !== "").join(": ");
  return why === "" ? "failed" : `failed: ${why}`;
}
