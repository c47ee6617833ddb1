// Fleet API shapes (derived from the generated schema) and the live snapshot query.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type FleetSnapshot = JsonOf<operations["get_fleet_snapshot"]["responses"][200]>;
export type ServiceHealth = FleetSnapshot["services"][number];
export type Health = ServiceHealth["health"];
export type ServiceKind = ServiceHealth["kind"];
export type Site = ServiceHealth["site"];
export type ProbePoint = ServiceHealth["history"][number];

/** The Fleet page polls this often while the tab is visible (TanStack Query pauses when hidden). */
export const FLEET_REFRESH_MS = 5_000;
