import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "@/test/render";

import type { AuditVerification } from "@/features/audit/api/types";
import { VerifyResult } from "./VerifyResult";

const AT = "2026-12-03T09:00:00Z";

type Anchor = AuditVerification["anchors"][number];

const kvMatched: Anchor = {
  source: "nats-kv",
  state: "matched",
  seq: 12,
  hash: "a".repeat(64),
  written_at: AT,
  detail: "seq 12 is present and unchanged",
};

const intact: AuditVerification = {
  ok: true,
  checked: 12,
  first_bad_id: null,
  first_bad_seq: null,
  detail: "12 rows verified",
  status: "ok",
  head_seq: 12,
  anchored_seq: 12,
  keyed_from_seq: 1,
  legacy_rows: 0,
  key_id: "0123456789abcdef",
  anchors: [
    kvMatched,
    { source: "object-store", state: "matched", seq: 10, hash: "b".repeat(64), written_at: AT, detail: "seq 10 is present and unchanged" },
  ],
};

function anchorRow(source: string): HTMLElement {
  const row = screen.getAllByTestId("audit-verify-anchor").find((r) => r.dataset.source === source);
  if (!row) throw new Error(`no anchor row for ${source}`);
  return row;
}

describe("VerifyResult", () => {
  it("shows an intact chain with both anchors matched", () => {
    renderWithProviders(<VerifyResult result={intact} verifiedAt={AT} />);
    const result = screen.getByTestId("audit-verify-result");
    expect(result).toHaveAttribute("data-ok", "true");
    expect(result).toHaveAttribute("data-status", "ok");
    expect(within(result).getByText("Chain intact")).toBeInTheDocument();
    expect(within(result).getByText(/12 entries checked/)).toBeInTheDocument();
    expect(anchorRow("nats-kv")).toHaveAttribute("data-state", "matched");
    expect(anchorRow("object-store")).toHaveTextContent("10");
    expect(screen.queryByTestId("audit-verify-legacy")).not.toBeInTheDocument();
  });

  it("names the first rewritten row", () => {
    renderWithProviders(
      <VerifyResult
        result={{
          ...intact,
          ok: false,
          status: "rewritten",
          checked: 4,
          first_bad_seq: 5,
          first_bad_id: "row-5",
          detail: "row content does not match its keyed hash",
        }}
        verifiedAt={AT}
      />,
    );
    const result = screen.getByTestId("audit-verify-result");
    expect(result).toHaveAttribute("data-ok", "false");
    expect(within(result).getByText("History rewritten")).toBeInTheDocument();
    expect(within(result).getByText("First bad row: seq 5")).toBeInTheDocument();
    expect(within(result).queryByText("Chain intact")).not.toBeInTheDocument();
  });

  it("reports a truncated tail with the anchored seq", () => {
    renderWithProviders(
      <VerifyResult
        result={{
          ...intact,
          ok: false,
          status: "truncated",
          checked: 9,
          head_seq: 9,
          detail: "nats-kv: anchored seq 12 is missing from the table",
          anchors: [{ ...kvMatched, state: "truncated", detail: "anchored seq 12 is missing" }],
        }}
        verifiedAt={AT}
      />,
    );
    const result = screen.getByTestId("audit-verify-result");
    expect(result).toHaveAttribute("data-status", "truncated");
    expect(within(result).getByText("Tail truncated")).toBeInTheDocument();
    expect(within(result).getByText(/Rows up to seq 12 were anchored; the log now ends at seq 9/)).toBeInTheDocument();
    expect(anchorRow("nats-kv")).toHaveAttribute("data-state", "truncated");
  });

  it("never shows an unreadable anchor as intact", () => {
    renderWithProviders(
      <VerifyResult
        result={{
          ...intact,
          ok: false,
          status: "anchor_unavailable",
          legacy_rows: 3,
          keyed_from_seq: 4,
          detail: "nats-kv: could not read the anchor",
          anchors: [{ source: "nats-kv", state: "unavailable", seq: null, hash: null, written_at: null, detail: "down" }],
        }}
        verifiedAt={AT}
      />,
    );
    const result = screen.getByTestId("audit-verify-result");
    expect(result).toHaveAttribute("data-ok", "false");
    expect(within(result).getByText("Anchor unavailable")).toBeInTheDocument();
    expect(within(result).queryByText("Chain intact")).not.toBeInTheDocument();
    expect(screen.getByTestId("audit-verify-legacy")).toHaveTextContent("3 entries before seq 4");
  });
});
