// Tenant and placement API shapes (derived from the generated schema) and refresh intervals.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type TenantPage = JsonOf<operations["list_tenants"]["responses"][200]>;
export type TenantPlacement = TenantPage["items"][number];
export type TenantQuery = NonNullable<operations["list_tenants"]["parameters"]["query"]>;
export type TenantDetail = JsonOf<operations["get_tenant"]["responses"][200]>;
export type TenantKindPlacement = TenantDetail["placements"][number];
export type PlacementKind = TenantKindPlacement["kind"];
export type PlacementView = JsonOf<operations["get_placement"]["responses"][200]>;
export type PlacementMapView = PlacementView["maps"][number];
export type TenantActivity = JsonOf<operations["get_fleet_tenant_activity"]["responses"][200]>;
export type TenantServiceActivity = TenantActivity["services"][number];
export type ServiceKind = TenantServiceActivity["kind"];
export type Site = TenantServiceActivity["site"];
export type TenantDrainParams = NonNullable<Extract<JobBody, { kind: "tenant.drain" }>["params"]>;
export type TenantMigrateParams = NonNullable<Extract<JobBody, { kind: "tenant.migrate" }>["params"]>;

type JobBody = operations["create_job"]["requestBody"]["content"]["application/json"];

export const PLACEMENT_KINDS: PlacementKind[] = ["aggregate", "projection", "runner"];
export const SERVICE_KINDS: ServiceKind[] = ["gateway", "aggregate", "projection", "runner"];
export const ACTIVITY_REFRESH_MS = 2_000;
export const PLACEMENT_REFRESH_MS = 10_000;
