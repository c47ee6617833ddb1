// Tenant operations as job requests (tenant.drain, tenant.migrate), built from the dialogs' state.
import type { JobRequest } from "@/components/PlannedJobDialog";

import type { PlacementKind, ServiceKind, Site, TenantDrainParams, TenantMigrateParams } from "./types";

export const DEFAULT_DRAIN_KINDS: ServiceKind[] = ["aggregate", "projection", "runner"];
export const DEFAULT_DRAIN_TIMEOUT_S = 60;
export const DEFAULT_MIGRATE_TIMEOUT_S = 120;

export function drainRequest(tenant: string, kinds: ServiceKind[], site: Site | null, timeoutS: number): JobRequest | null {
  if (kinds.length === 0) return null;
  const params: TenantDrainParams = { tenant, kinds, site, timeout_s: timeoutS };
  return { kind: "tenant.drain", params };
}

export function migrateRequest(tenant: string, kind: PlacementKind, target: string | null, timeoutS: number): JobRequest | null {
  if (!target) return null;
  const params: TenantMigrateParams = { tenant, kind, target, timeout_s: timeoutS };
  return { kind: "tenant.migrate", params };
}

/** Where a tenant could move: the services of that kind, minus the one it is on now. */
export function migrationTargets(services: readonly { name: string; kind: string; site: string }[], kind: PlacementKind, current: string | null) {
  return services
    .filter((service) => service.kind === kind && service.name !== current)
    .sort((a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name))
    .map((service) => ({ value: service.name, label: `${service.name} (${service.site})` }));
}

/** The activity rows worth showing: services that report the tenant or could not be asked. */
export function relevantActivity<T extends { present: boolean; reachable: boolean; error: string | null }>(rows: readonly T[]): T[] {
  return rows.filter((row) => row.present || !row.reachable || row.error !== null);
}
