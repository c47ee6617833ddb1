import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "@/test/render";

import type { ResultSummary } from "@/features/restore/runs/lib/decision";
import { SummaryFact } from "./DecisionPanel";

const NONE: ResultSummary = {
  state: "failure_details_required",
  label: "Failure details required",
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

describe("SummaryFact", () => {
  it("says there are no counts instead of showing zeros", () => {
    renderWithProviders(<SummaryFact summary={NONE} />);
    const summary = screen.getByTestId("decision-summary");
    expect(within(summary).getByText("Failure details required")).toBeInTheDocument();
    expect(within(summary).queryByTestId("decision-summary-counts")).toBeNull();
    expect(summary).not.toHaveTextContent("0");
  });

  it("shows exactly the reported counts, labelled metadata-only", () => {
    renderWithProviders(
      <SummaryFact
        summary={{ ...NONE, state: "counts", label: "Metadata-only counts (no item-level rows)", metadata_only: true, items_total: 10, items_failed: 2 }}
      />,
    );
    const summary = screen.getByTestId("decision-summary");
    expect(summary).toHaveAttribute("data-metadata-only", "true");
    expect(within(summary).getByText("Metadata-only counts (no item-level rows)")).toBeInTheDocument();
    const rows = within(summary).getAllByTestId("decision-count");
    expect(rows.map((row) => row.getAttribute("data-key"))).toEqual(["items_total", "items_failed"]);
    expect(rows[1]).toHaveTextContent("Failed2");
    expect(within(summary).queryByText("Skipped")).toBeNull();
  });
});
