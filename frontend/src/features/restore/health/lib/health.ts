// Restore health per server: status colours and order, freshness targets and the alerts'
// delivery log.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";
import {
  RESTORE_HEALTH_COLORS,
  RESTORE_HEALTH_LABELS,
  RESTORE_HEALTH_STATUSES,
  restoreHealthCounts,
} from "@/lib/healthStates";

export type RestoreHealth = JsonOf<operations["get_restore_health"]["responses"][200]>;
export type ServerHealth = RestoreHealth["items"][number];
export type HealthStatus = ServerHealth["status"];
export type AlertKind = ServerHealth["active_alerts"][number];
export type AlertPage = JsonOf<operations["list_restore_alerts"]["responses"][200]>;
export type RestoreAlert = AlertPage["items"][number];
export type AlertEvent = RestoreAlert["events"][number];
export type AlertDelivery = AlertEvent["deliveries"][number];
export type DeliveryChannel = AlertDelivery["channel"];

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
