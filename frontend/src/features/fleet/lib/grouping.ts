// Pure helpers of the Fleet page: services grouped by site then kind, counts, and labels.
import { FLEET_HEALTHS, FLEET_HEALTH_COLORS } from "@/lib/healthStates";

import type { Health, ServiceHealth, ServiceKind, Site } from "@/features/fleet/api/types";

export const SITES: Site[] = ["primary", "dr"];
export const KINDS: ServiceKind[] = ["gateway", "aggregate", "projection", "runner"];
export const HEALTHS: Health[] = FLEET_HEALTHS;

export const SITE_LABELS: Record<Site, string> = { primary: "Primary site", dr: "DR site" };
export const HEALTH_COLORS: Record<Health, string> = FLEET_HEALTH_COLORS;

export type HealthCounts = Record<Health, number>;

export interface KindGroup {
  kind: ServiceKind;
  services: ServiceHealth[];
  health: HealthCounts;
  inflight: number;
}

export interface SiteGroup {
  site: Site;
  services: number;
  health: HealthCounts;
  inflight: number;
  kinds: KindGroup[];
}

export function countHealth(services: readonly ServiceHealth[]): HealthCounts {
  const counts: HealthCounts = { ok: 0, failing: 0, unreachable: 0, unknown: 0 };
  for (const service of services) counts[service.health] += 1;
  return counts;
}

function inflightOf(services: readonly ServiceHealth[]): number {
  return services.reduce((sum, service) => sum + (service.inflight_total ?? 0), 0);
}

/** Sites in fixed order (primary, dr), each with its kinds in fixed order; empty groups dropped. */
export function groupFleet(services: readonly ServiceHealth[]): SiteGroup[] {
  const groups: SiteGroup[] = [];
  for (const site of SITES) {
    const onSite = services.filter((service) => service.site === site);
    if (onSite.length === 0) continue;
    const kinds: KindGroup[] = [];
    for (const kind of KINDS) {
      const members = onSite.filter((service) => service.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
      if (members.length === 0) continue;
      kinds.push({ kind, services: members, health: countHealth(members), inflight: inflightOf(members) });
    }
    groups.push({ site, services: onSite.length, health: countHealth(onSite), inflight: inflightOf(onSite), kinds });
  }
  return groups;
}

/** The worst health in a group: what its header badge shows. */
export function worstHealth(counts: HealthCounts): Health {
  if (counts.unreachable > 0) return "unreachable";
  if (counts.failing > 0) return "failing";
  if (counts.unknown > 0) return "unknown";
  return "ok";
}

/** "3 ok · 1 unreachable" (zeros left out; "no services" when empty). */
export function describeHealth(counts: HealthCounts): string {
  const parts = HEALTHS.filter((health) => counts[health] > 0).map((health) => `${counts[health]} ${health}`);
  return parts.length > 0 ? parts.join(" · ") : "no services";
}

/** "1.2.3 · abc1234" / "—" */
export function describeBuild(service: Pick<ServiceHealth, "version" | "git_sha">): string {
  if (!service.version && !service.git_sha) return "—";
  return [service.version, service.git_sha?.slice(0, 12)].filter(Boolean).join(" · ");
}

export function formatLatency(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
