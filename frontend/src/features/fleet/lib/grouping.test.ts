import { describe, expect, it } from "vitest";

import type { ServiceHealth } from "@/features/fleet/api/types";
import { countHealth, describeBuild, describeHealth, formatLatency, groupFleet, worstHealth } from "./grouping";
import { sparkline } from "./sparkline";

function service(name: string, overrides: Partial<ServiceHealth> = {}): ServiceHealth {
  const [kind = "aggregate", site = "primary"] = name.split("-");
  return {
    name,
    kind: kind as ServiceHealth["kind"],
    site: site as ServiceHealth["site"],
    environment: "dev",
    base_url: `http://127.0.0.1/${name}`,
    health: "ok",
    ready: true,
    version: "1.0.0",
    git_sha: "abc1234",
    config_revisions: {},
    tenant_count: 2,
    inflight_total: 3,
    probe_latency_ms: 12,
    last_error: null,
    checked_at: "2026-11-22T08:00:00Z",
    history: [],
    ...overrides,
  };
}

describe("fleet grouping", () => {
  it("groups by site (primary first) then kind (fixed order), dropping empty groups", () => {
    const groups = groupFleet([
      service("runner-dr-1"),
      service("aggregate-primary-2", { health: "unreachable", inflight_total: null }),
      service("gateway-primary-1"),
      service("aggregate-primary-1"),
    ]);
    expect(groups.map((group) => group.site)).toEqual(["primary", "dr"]);
    const [primary, dr] = groups;
    expect(primary?.kinds.map((kind) => kind.kind)).toEqual(["gateway", "aggregate"]);
    expect(primary?.kinds[1]?.services.map((s) => s.name)).toEqual(["aggregate-primary-1", "aggregate-primary-2"]);
    expect(primary?.health).toEqual({ ok: 2, failing: 0, unreachable: 1, unknown: 0 });
    expect(primary?.inflight).toBe(6); // unknown inflight counts as nothing
    expect(dr?.kinds.map((kind) => kind.kind)).toEqual(["runner"]);
    expect(groupFleet([])).toEqual([]);
  });

  it("summarises health for headers", () => {
    const counts = countHealth([service("a-primary-1"), service("a-primary-2", { health: "failing" })]);
    expect(worstHealth(counts)).toBe("failing");
    expect(worstHealth({ ok: 1, failing: 1, unreachable: 1, unknown: 1 })).toBe("unreachable");
    expect(worstHealth({ ok: 0, failing: 0, unreachable: 0, unknown: 0 })).toBe("ok");
    expect(describeHealth(counts)).toBe("1 ok · 1 failing");
    expect(describeHealth({ ok: 0, failing: 0, unreachable: 0, unknown: 0 })).toBe("no services");
  });

  it("formats build and latency", () => {
    expect(describeBuild({ version: "1.2.3", git_sha: "0123456789abcdef" })).toBe("1.2.3 · 0123456789ab");
    expect(describeBuild({ version: null, git_sha: null })).toBe("—");
    expect(formatLatency(12.4)).toBe("12 ms");
    expect(formatLatency(2150)).toBe("2.15 s");
  });
});

describe("sparkline", () => {
  const point = (latency_ms: number, ok = true) => ({ at: "2026-11-22T08:00:00Z", latency_ms, ok });

  it("puts the newest probe on the right edge and scales to the peak", () => {
    const line = sparkline([point(10), point(20), point(5, false)], 100, 20, 5);
    expect(line.maxMs).toBe(20);
    expect(line.points.map((p) => p.x)).toEqual([50, 74, 98]);
    // the peak touches the top padding, zero would touch the bottom
    expect(line.points[1]?.y).toBe(2);
    expect(line.points[2]).toMatchObject({ ok: false, latencyMs: 5 });
    expect(line.path).toBe("50,10 74,2 98,14");
  });

  it("draws no line for fewer than two points and keeps only the last capacity points", () => {
    expect(sparkline([point(3)], 100, 20).path).toBe("");
    expect(sparkline([], 100, 20).points).toEqual([]);
    const many = Array.from({ length: 40 }, (_, index) => point(index + 1));
    const line = sparkline(many, 100, 20, 30);
    expect(line.points).toHaveLength(30);
    expect(line.points[0]?.latencyMs).toBe(11);
    expect(line.points[0]?.x).toBe(2);
  });
});
