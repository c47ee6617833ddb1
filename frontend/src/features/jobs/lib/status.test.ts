import { describe, expect, it } from "vitest";

import { summarizeReceipt } from "./receipt";
import { JOB_STATUSES, durationMs, formatDuration, isJobStatus, isTerminal, statusLabel, statusVariant } from "./status";

describe("job status helpers", () => {
  it("knows every status and which ones are final", () => {
    expect(JOB_STATUSES.filter(isTerminal)).toEqual(["succeeded", "failed", "cancelled"]);
    expect(isJobStatus("awaiting_approval")).toBe(true);
    expect(isJobStatus("done")).toBe(false);
    expect(statusLabel("awaiting_approval")).toBe("awaiting approval");
    expect(["running", "cancelled", "pending"].map(statusVariant)).toEqual(["filled", "outline", "light"]);
  });

  it("measures durations, running ones against now", () => {
    expect(durationMs("2026-11-22T07:00:00Z", "2026-11-22T07:00:02.500Z")).toBe(2500);
    expect(durationMs("2026-11-22T07:00:00Z", null, Date.parse("2026-11-22T07:01:00Z"))).toBe(60_000);
    expect(durationMs(null, null)).toBeNull();
    expect(durationMs("garbage", null)).toBeNull();
  });

  it("formats durations for people", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(250)).toBe("250 ms");
    expect(formatDuration(2500)).toBe("2.5 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });
});

describe("summarizeReceipt", () => {
  it("reads the outcome and the effects of a stored receipt", () => {
    expect(
      summarizeReceipt({
        job_id: "j",
        status: "cancelled",
        finished_at: "2026-11-22T07:00:00Z",
        effects_done: ["probe:1", 7],
        effects_not_done: ["probe:2"],
        effects_unknown: [],
        effects_compensated: null,
      }),
    ).toEqual({
      status: "cancelled",
      finishedAt: "2026-11-22T07:00:00Z",
      effectsDone: ["probe:1"],
      effectsNotDone: ["probe:2"],
      effectsUnknown: [],
      effectsCompensated: [],
    });
  });

  it("refuses what is not a receipt", () => {
    expect(summarizeReceipt("text")).toBeNull();
    expect(summarizeReceipt({ status: "succeeded" })).toBeNull();
  });
});
