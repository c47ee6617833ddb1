// The sections in the navigation that Lifeboat does not have yet, and what each will hold.
// Honest: their pages say so and show no fake data.
export interface PlannedSection {
  title: string;
  summary: string;
}

export const PLANNED_SECTIONS = {
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
  users: {
    title: "Users",
    summary: "Local users and their role bindings per environment (viewer, operator, admin).",
  },
} satisfies Record<string, PlannedSection>;

export type PlannedSectionKey = keyof typeof PLANNED_SECTIONS;
