// Health states shared by pages: the fleet's service health and a server's restore health, with
// the order an operator reads them in and their colours (one definition for every page).
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type FleetHealth = JsonOf<operations["get_fleet_snapshot"]["responses"][200]>["services"][number]["health"];
export type RestoreHealthStatus = JsonOf<operations["get_restore_health"]["responses"][200]>["items"][number]["status"];

export const FLEET_HEALTHS: FleetHealth[] = ["ok", "failing", "unreachable", "unknown"];
export const FLEET_HEALTH_COLORS: Record<FleetHealth, string> = {
  ok: "teal",
  failing: "orange",
  unreachable: "red",
  unknown: "gray",
};

/** Failing and overdue first: the order an operator works through them. */
export const RESTORE_HEALTH_STATUSES: readonly RestoreHealthStatus[] = ["failing", "overdue", "never_verified", "healthy"];
export const RESTORE_HEALTH_COLORS: Record<RestoreHealthStatus, string> = {
  failing: "red",
  overdue: "orange",
  never_verified: "gray",
  healthy: "teal",
};
export const RESTORE_HEALTH_LABELS: Record<RestoreHealthStatus, string> = {
  failing: "failing",
  overdue: "overdue",
  never_verified: "never verified",
  healthy: "healthy",
};

/** Counts per restore health status, in reading order, zeros left out. */
export function restoreHealthCounts(items: readonly { status: RestoreHealthStatus }[]): { status: RestoreHealthStatus; count: number }[] {
  return RESTORE_HEALTH_STATUSES.map((status) => ({ status, count: items.filter((item) => item.status === status).length })).filter(
    (entry) => entry.count > 0,
  );
}
