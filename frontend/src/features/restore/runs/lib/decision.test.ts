import { describe, expect, it } from "vitest";

import {
  DECISION_COLORS,
  DECISION_STATES,
  decisionAttentionRank,
  formatBytes,
  formatSeconds,
  nextActionTarget,
  summaryRows,
  type NextAction,
  type ResultSummary,
  type RunEvidence,
} from "./decision";

const EMPTY: ResultSummary = {
  state: "unavailable",
  label: "Result summary unavailable",
  metadata_only: false,
  items_total: null,
  items_restored: null,
  items_failed: null,
  items_skipped: null,
  items_partial: null,
  items_not_applied: null,
  bytes_restored: null,
  duration_seconds: null,
};

const EVIDENCE: RunEvidence = {
  id: "ev-1",
  run_id: "run-1",
  job_id: "job-1",
  state: "active",
  sha256: "ab".repeat(32),
  size_bytes: 34,
  content_type: "application/json",
  content_url: "/api/v1/restore/runs/run-1/evidence/ev-1/content",
  created_at: "2026-11-30T03:00:00Z",
  updated_at: "2026-11-30T03:00:00Z",
};

function action(id: NextAction["id"], target_id: string | null = null): NextAction {
  return { id, label: id, target_id };
}

describe("decision colours and order", () => {
  it("gives every state a colour, red for failed and teal only for evidence available", () => {
    expect(Object.keys(DECISION_COLORS).sort()).toEqual([...DECISION_STATES].sort());
    expect(DECISION_COLORS.failed).toBe("red");
    expect(DECISION_COLORS.needs_review).toBe("orange");
    expect(DECISION_STATES.filter((state) => DECISION_COLORS[state] === "teal")).toEqual(["completed_with_evidence"]);
  });

  it("puts what needs an operator first", () => {
    const sorted = [...DECISION_STATES].reverse().sort((a, b) => decisionAttentionRank(a) - decisionAttentionRank(b));
    expect(sorted[0]).toBe("failed");
    expect(sorted.indexOf("needs_review")).toBeLessThan(sorted.indexOf("in_progress"));
    expect(sorted.indexOf("completed_proof_incomplete")).toBeLessThan(sorted.indexOf("completed_with_evidence"));
    expect(sorted.at(-1)).toBe("completed_with_evidence");
  });
});

describe("result summary", () => {
  it("shows no row for an unreported count: never a fake zero", () => {
    expect(summaryRows(EMPTY)).toEqual([]);
    const rows = summaryRows({ ...EMPTY, state: "counts", items_total: 10, items_restored: 10 });
    expect(rows.map((row) => [row.key, row.value])).toEqual([
      ["items_total", "10"],
      ["items_restored", "10"],
    ]);
  });

  it("shows a reported zero as 0, and flags follow-up counts above zero", () => {
    const rows = summaryRows({ ...EMPTY, state: "counts", items_failed: 0, items_skipped: 3, bytes_restored: 4096, duration_seconds: 12.5 });
    expect(rows).toEqual([
      { key: "items_failed", label: "Failed", value: "0", attention: false },
      { key: "items_skipped", label: "Skipped", value: "3", attention: true },
      { key: "bytes_restored", label: "Data restored", value: "4.0 KiB", attention: false },
      { key: "duration_seconds", label: "Duration", value: "12.5 s", attention: false },
    ]);
  });

  it("formats bytes and durations", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(formatSeconds(60)).toBe("1 min");
    expect(formatSeconds(250)).toBe("4 min 10 s");
    expect(formatSeconds(7500)).toBe("2 h 5 min");
  });
});

describe("primary next action", () => {
  it("opens the evidence snapshot the block selected", () => {
    expect(nextActionTarget(action("open_evidence", "ev-1"), [EVIDENCE])).toEqual({
      kind: "evidence",
      evidenceId: "ev-1",
    });
  });

  it("never opens a snapshot the block did not name", () => {
    expect(nextActionTarget(action("open_evidence", "ev-other"), [EVIDENCE])).toEqual({ kind: "section", section: "evidence" });
  });

  it("opens the operation only when the block names it", () => {
    expect(nextActionTarget(action("open_operation_proof", "job-1"), [])).toEqual({ kind: "job", jobId: "job-1" });
    expect(nextActionTarget(action("view_operation_progress", "job-1"), [])).toEqual({ kind: "job", jobId: "job-1" });
    expect(nextActionTarget(action("review_failure_details", null), [])).toEqual({ kind: "section", section: "diagnostics" });
    expect(nextActionTarget(action("review_blocker", null), [])).toEqual({ kind: "section", section: "diagnostics" });
  });

  it("leads the other actions to the part of the page that answers them", () => {
    expect(nextActionTarget(action("review_proof_gap"), [EVIDENCE])).toEqual({ kind: "section", section: "evidence" });
    expect(nextActionTarget(action("review_item_outcomes"), [])).toEqual({ kind: "section", section: "result" });
    expect(nextActionTarget(action("view_run_progress"), [])).toEqual({ kind: "section", section: "run" });
    expect(nextActionTarget(action("review_preview"), [])).toEqual({ kind: "section", section: "run" });
  });
});
