// What each section not built yet will hold, from ARCHITECTURE.md section 10. Honest: no fake data.
export interface PlannedSection {
  title: string;
  summary: string;
}

export const PLANNED_SECTIONS = {
  tenants: {
    title: "Tenants & Placement",
    summary:
      "Tenants and where each one is placed (aggregate, projection and runner placement maps), with safe drain and migrate operations gated on health, lag and inflight work.",
  },
  fleet: {
    title: "Fleet",
    summary:
      "Every managed service on the primary and DR sites with its health, version, effective config revision and per-tenant inflight and lag, plus fleet reload.",
  },
  jobs: {
    title: "Jobs",
    summary:
      "Every multi-step operation (drain, migrate, config apply, drills, promote, failback, restore runs) with a live step timeline over SSE, its receipt and cancel.",
  },
  config: {
    title: "Config",
    summary:
      "The routing, placement and fleet config registry: view, history, JSON editor, diff, validate, plan, apply and rollback.",
  },
  drift: {
    title: "Drift",
    summary:
      "Desired state (registry revisions, registered services) against what each service reports: missing, extra, version or config mismatch and unhealthy, each with a remediation.",
  },
  dr: {
    title: "DR",
    summary:
      "The DR epoch panel and runbook, drills with measured RTO and RPO, promote, and a failback wizard with typed confirmations and dry-run.",
  },
  restore: {
    title: "Restore",
    summary:
      "Restore replicas, consumers and their capability gaps, restore health per server, restore runs and a decision-first run detail with its evidence.",
  },
  users: {
    title: "Users",
    summary: "Local users and their role bindings per environment (viewer, operator, admin).",
  },
} satisfies Record<string, PlannedSection>;

export type PlannedSectionKey = keyof typeof PLANNED_SECTIONS;
