// Presentation of a restore run's decision block (docs/restore-decision-states.md).
// The backend resolves the decision; this module only decides colours, the order of attention,
// where the primary next action leads, and which result counts to show. It never invents a claim,
// a state or a count: a count the agent did not report is left out, never shown as 0.
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type RestoreRunDetail = JsonOf<operations["get_restore_run"]["responses"][200]>;
export type DecisionBlock = RestoreRunDetail["decision"];
export type DecisionState = DecisionBlock["state"];
export type NextAction = DecisionBlock["primary_next_action"];
export type ProofState = DecisionBlock["operation_proof"]["state"];
export type ResultSummary = DecisionBlock["result_summary"];
export type RestoreRun = RestoreRunDetail["run"];
export type RunEvidence = RestoreRunDetail["evidence"][number];
export type RunVerification = NonNullable<RestoreRunDetail["verification"]>;
export type RunStatus = RestoreRun["status"];

export const DECISION_STATES: readonly DecisionState[] = [
  "failed",
  "needs_review",
  "blocked_or_cancelled",
  "completed_proof_incomplete",
  "in_progress",
  "not_executed",
  "completed_with_evidence",
];

/** Colour of a decision chip: red and orange ask for action, teal means evidence to review. */
export const DECISION_COLORS: Record<DecisionState, string> = {
  failed: "red",
  needs_review: "orange",
  blocked_or_cancelled: "gray",
  completed_proof_incomplete: "yellow",
  in_progress: "blue",
  not_executed: "gray",
  completed_with_evidence: "teal",
};

/** Lower first: what needs an operator most (the order of DECISION_STATES). */
export function decisionAttentionRank(state: DecisionState): number {
  return DECISION_STATES.indexOf(state);
}

export const PROOF_LABELS: Record<ProofState, string> = {
  available: "Available",
  in_progress: "In progress",
  unavailable: "Unavailable",
};

export const PROOF_COLORS: Record<ProofState, string> = {
  available: "teal",
  in_progress: "blue",
  unavailable: "gray",
};

export const RUN_STATUSES: readonly RunStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

export const RUN_STATUS_COLORS: Record<RunStatus, string> = {
  queued: "gray",
  running: "blue",
  succeeded: "teal",
  failed: "red",
  cancelled: "gray",
};

/** Sections of the run page an action can lead to. */
export type RunSection = "run" | "evidence" | "result" | "diagnostics";

/** The element id of each section (the next action scrolls to it). */
export const SECTION_IDS: Record<RunSection, string> = {
  run: "run-facts",
  evidence: "run-evidence",
  result: "decision-summary",
  diagnostics: "run-diagnostics",
};

export type ActionTarget =
  | { kind: "job"; jobId: string }
  | { kind: "evidence"; evidenceId: string }
  | { kind: "section"; section: RunSection };

/**
 * Where the primary next action leads. Only to what the block names (its target id): a job the
 * viewer may see, the evidence snapshot the block selected (shown in the page's evidence viewer,
 * never opened by URL); otherwise to the part of this page that answers the action.
 */
export function nextActionTarget(action: NextAction, evidence: readonly RunEvidence[]): ActionTarget {
  switch (action.id) {
    case "open_evidence": {
      const snapshot = evidence.find((item) => item.id === action.target_id);
      return snapshot
        ? { kind: "evidence", evidenceId: snapshot.id }
        : { kind: "section", section: "evidence" };
    }
    case "view_operation_progress":
    case "open_operation_proof":
    case "review_failure_details":
    case "review_blocker":
      return action.target_id ? { kind: "job", jobId: action.target_id } : { kind: "section", section: "diagnostics" };
    case "review_proof_gap":
      return { kind: "section", section: "evidence" };
    case "review_item_outcomes":
      return { kind: "section", section: "result" };
    case "view_run_progress":
    case "review_preview":
      return { kind: "section", section: "run" };
  }
}

type CountKey =
  | "items_total"
  | "items_restored"
  | "items_failed"
  | "items_skipped"
  | "items_partial"
  | "items_not_applied"
  | "bytes_restored"
  | "duration_seconds";

const COUNT_LABELS: readonly (readonly [CountKey, string])[] = [
  ["items_total", "Items"],
  ["items_restored", "Restored"],
  ["items_failed", "Failed"],
  ["items_skipped", "Skipped"],
  ["items_partial", "Partially applied"],
  ["items_not_applied", "Not applied"],
  ["bytes_restored", "Data restored"],
  ["duration_seconds", "Duration"],
];

/** Counts that, when above zero, are work to follow up. */
const FOLLOW_UP: ReadonlySet<CountKey> = new Set(["items_failed", "items_skipped", "items_partial", "items_not_applied"]);

export interface SummaryRow {
  key: CountKey;
  label: string;
  value: string;
  /** A failed/skipped/partial/not-applied count above zero. */
  attention: boolean;
}

/** The reported counts only, formatted; an unreported count (null) has no row at all. */
export function summaryRows(summary: ResultSummary): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [key, label] of COUNT_LABELS) {
    const value = summary[key];
    if (value === null) continue;
    const shown =
      key === "bytes_restored" ? formatBytes(value) : key === "duration_seconds" ? formatSeconds(value) : value.toLocaleString("en-US");
    rows.push({ key, label, value: shown, attention: FOLLOW_UP.has(key) && value > 0 });
  }
  return rows;
}

/** "4.0 KiB"; binary units, as the object store and disks report them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? "PiB"}`;
}

/** "12.5 s", "4 min 10 s", "2 h 5 min". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}
