import { describe, expect, it } from "vitest";

import { healthSearchToQuery, parseHealthSearch } from "../api/search";
import {
  HEALTH_COLORS,
  deliveryChannels,
  describeDelivery,
  formatTarget,
  healthCounts,
  latestRaise,
  sortHealth,
  type AlertDelivery,
  type RestoreAlert,
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
  });

  it("maps to the API queries", () => {
    expect(healthSearchToQuery({})).toEqual({});
    expect(healthSearchToQuery({ status: "overdue" })).toEqual({ status: "overdue" });
  });
});

function delivery(channel: AlertDelivery["channel"], attempt: number, outcome: AlertDelivery["outcome"], extra: Partial<AlertDelivery> = {}): AlertDelivery {
  return {
    channel,
    attempt,
    target: channel === "nats" ? "lifeboat.alerts.restore.grp" : "https://hooks.example.com/…",
    outcome,
    status_code: null,
    error: null,
    at: `2026-11-30T03:0${attempt}:00Z`,
    ...extra,
  };
}

function alertWith(deliveries: AlertDelivery[], jobs = ["j-nats", "j-webhook"]): RestoreAlert {
  const raised = { id: "e2", change: "raised" as const, at: "2026-11-30T03:00:00Z", delivery_job_ids: jobs, payload: {}, deliveries };
  const cleared = { ...raised, id: "e1", change: "cleared" as const, deliveries: [delivery("nats", 1, "delivered")] };
  return {
    id: "a1",
    server: "pg-1",
    group: "grp",
    kind: "restore_failing",
    active: true,
    raised_at: "2026-11-30T03:00:00Z",
    cleared_at: null,
    changed_at: "2026-11-30T03:00:00Z",
    events: [raised, cleared],
  };
}

describe("alert delivery log", () => {
  it("gives each channel of the latest raise its state, a cancellation saying who and why", () => {
    const alert = alertWith([
      delivery("nats", 1, "delivered"),
      delivery("webhook", 1, "failed", { status_code: 502, error: "bad-response" }),
      delivery("webhook", 2, "failed", { error: "timeout" }),
      delivery("webhook", 2, "cancelled", { cancelled_by: "alice", reason: "the on-call already knows" }),
    ]);
    const event = latestRaise(alert);
    expect(event?.id).toBe("e2");
    const [nats, webhook] = event ? deliveryChannels(event) : [];
    expect(nats).toMatchObject({ channel: "nats", state: "delivered", attempts: 1 });
    expect(webhook).toMatchObject({ channel: "webhook", state: "cancelled", attempts: 2 });
    expect(webhook?.last && describeDelivery(webhook.last)).toBe("cancelled by alice: the on-call already knows");
    expect(describeDelivery(delivery("webhook", 1, "failed", { status_code: 502, error: "bad-response" }))).toBe("failed: HTTP 502: bad-response");
    expect(describeDelivery(delivery("webhook", 1, "delivered", { status_code: 204 }))).toBe("delivered (HTTP 204)");
  });

  it("shows NATS as pending until its job logs an attempt, the webhook only once it logged one", () => {
    // Every change has a webhook job; for a group without a webhook it ends without an entry.
    const event = latestRaise(alertWith([]));
    expect(event && deliveryChannels(event)).toEqual([{ channel: "nats", state: "pending", attempts: 0, last: null }]);
    const webhookFirst = latestRaise(alertWith([delivery("webhook", 1, "delivered", { status_code: 200 })]));
    expect(webhookFirst && deliveryChannels(webhookFirst).map((channel) => [channel.channel, channel.state])).toEqual([
      ["nats", "pending"],
      ["webhook", "delivered"],
    ]);
  });
});

