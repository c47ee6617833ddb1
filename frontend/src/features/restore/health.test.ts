import { describe, expect, it } from "vitest";

import {
  HEALTH_COLORS,
  formatTarget,
  healthCounts,
  healthSearchToQuery,
  parseHealthSearch,
  parseRunsSearch,
  runsSearchToQuery,
  sortHealth,
  type ServerHealth,
} from "./health";

function server(name: string, status: ServerHealth["status"], group = "grp"): ServerHealth {
  return {
    server: name,
    group,
    status,
    last_success: null,
    last_failure: null,
    failure_streak: status === "failing" ? 1 : 0,
    overdue_since: null,
    freshness_target_s: 604_800,
    active_alerts: [],
    evaluated_at: "2026-11-30T03:00:00Z",
  };
}

describe("restore health", () => {
  it("colours failing red, overdue orange, never verified gray, healthy teal", () => {
    expect(HEALTH_COLORS).toEqual({ failing: "red", overdue: "orange", never_verified: "gray", healthy: "teal" });
  });

  it("puts failing and overdue first, then by group and server", () => {
    const sorted = sortHealth([
      server("a", "healthy"),
      server("b", "never_verified"),
      server("d", "overdue"),
      server("c", "failing", "zz"),
      server("c", "failing", "aa"),
    ]);
    expect(sorted.map((item) => `${item.status}:${item.group}/${item.server}`)).toEqual([
      "failing:aa/c",
      "failing:zz/c",
      "overdue:grp/d",
      "never_verified:grp/b",
      "healthy:grp/a",
    ]);
  });

  it("counts only the statuses present", () => {
    expect(healthCounts([server("a", "healthy"), server("b", "failing"), server("c", "failing")])).toEqual([
      { status: "failing", count: 2 },
      { status: "healthy", count: 1 },
    ]);
  });

  it("says freshness targets the way operators do", () => {
    expect(formatTarget(604_800)).toBe("7 d");
    expect(formatTarget(129_600)).toBe("36 h");
    expect(formatTarget(5_400)).toBe("90 min");
    expect(formatTarget(45)).toBe("45 s");
  });
});

describe("health and runs search params", () => {
  it("keeps well-formed filters and drops the rest", () => {
    expect(parseHealthSearch({ status: "failing", group: "eu-pg", extra: 1 })).toEqual({ status: "failing", group: "eu-pg" });
    expect(parseHealthSearch({ status: "broken", group: "Bad Name" })).toEqual({});
    expect(parseRunsSearch({ server: " pg-1 ", status: "succeeded" })).toEqual({ server: "pg-1", status: "succeeded" });
    expect(parseRunsSearch({ status: "healthy" })).toEqual({});
  });

  it("maps to the API queries", () => {
    expect(runsSearchToQuery({ group: "g", status: "failed" })).toEqual({ limit: 25, group: "g", status: "failed" });
    expect(healthSearchToQuery({})).toEqual({});
    expect(healthSearchToQuery({ status: "overdue" })).toEqual({ status: "overdue" });
  });
});
