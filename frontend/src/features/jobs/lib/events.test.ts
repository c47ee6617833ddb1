import { describe, expect, it } from "vitest";

import type { JobDetail } from "@/features/jobs/api/types";
import {
  applyJobEvent,
  initialTimeline,
  NO_JOB_YET,
  isFinalEvent,
  parseJobEvent,
  receiveDetail,
  receiveEvent,
  reconnectDelayMs,
  type JobEvent,
  type TimelineState,
} from "./events";

const JOB_ID = "01900000-0000-7000-8000-000000000001";

function detail(overrides: Partial<JobDetail["job"]> = {}): JobDetail {
  const step = (position: number): JobDetail["steps"][number] => ({
    position,
    name: `probe_${position}`,
    status: "pending",
    effect: "not_done",
    timeout_s: 60,
    max_attempts: 3,
    attempts: [],
    started_at: null,
    finished_at: null,
    error: null,
  });
  return {
    job: {
      id: JOB_ID,
      kind: "system.probe",
      status: "pending",
      params: {},
      reason: "e2e",
      dry_run: false,
      mutating: false,
      requires_approval: false,
      lock_scope: null,
      created_by: "u1",
      created_by_name: "admin",
      created_at: "2026-11-22T07:00:00Z",
      updated_at: "2026-11-22T07:00:00Z",
      started_at: null,
      finished_at: null,
      approved_by: null,
      approved_at: null,
      cancel_requested_at: null,
      cancel_requested_by: null,
      cancel_reason: null,
      lease_epoch: 0,
      error: null,
      receipt_url: null,
      request_id: null,
      correlation_id: null,
      ...overrides,
    },
    plan: { kind: "system.probe", lock_scope: null, mutating: false, requires_approval: false, steps: [], gates: [], ok: true },
    steps: [step(1), step(2)],
  };
}

let seq = 0;
function ev(type: string, data: Record<string, unknown> = {}, at = "2026-11-22T07:00:01Z"): JobEvent {
  seq += 1;
  return { seq, at, type, data };
}

function run(state: TimelineState, events: JobEvent[]): TimelineState {
  return events.reduce(applyJobEvent, state);
}

describe("parseJobEvent", () => {
  it("reads the SSE data payload of a job event", () => {
    const raw = JSON.stringify({ job_id: JOB_ID, seq: 3, at: "2026-11-22T07:00:00Z", type: "step.log", data: { line: "x" } });
    expect(parseJobEvent(raw)).toEqual({ seq: 3, at: "2026-11-22T07:00:00Z", type: "step.log", data: { line: "x" } });
  });

  it("rejects what is not a job event", () => {
    expect(parseJobEvent("not json")).toBeNull();
    expect(parseJobEvent("[1,2]")).toBeNull();
    expect(parseJobEvent(JSON.stringify({ seq: "1", at: "x", type: "t" }))).toBeNull();
    expect(parseJobEvent(JSON.stringify({ seq: 1, at: "x", type: "t", data: [1] }))?.data).toEqual({});
  });
});

describe("applyJobEvent (the live step timeline)", () => {
  it("advances steps: started, log lines, attempt failure and retry, success, job end", () => {
    seq = 0;
    const state = run(initialTimeline(detail()), [
      ev("job.claimed", { lease_epoch: 1 }),
      ev("step.started", { position: 1, attempt: 1 }, "2026-11-22T07:00:01Z"),
      ev("step.log", { position: 1, line: "probe step 1 attempt 1 started" }),
      ev("step.succeeded", { position: 1, attempt: 1 }, "2026-11-22T07:00:02Z"),
      ev("step.started", { position: 2, attempt: 1 }),
      ev("step.attempt_failed", { position: 2, attempt: 1, error: "boom", error_type: "ProbeFailure", retry_in_s: 0.5 }),
      ev("step.started", { position: 2, attempt: 2 }),
    ]);
    expect(state.status).toBe("running");
    const [one, two] = state.steps;
    expect(one?.status).toBe("succeeded");
    expect(one?.started_at).toBe("2026-11-22T07:00:01Z");
    expect(one?.finished_at).toBe("2026-11-22T07:00:02Z");
    expect(one?.logs.map((log) => log.line)).toEqual(["probe step 1 attempt 1 started"]);
    expect(one?.attempts).toHaveLength(1);
    expect(two?.status).toBe("running");
    expect(two?.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, "failed", "boom"],
      [2, "running", null],
    ]);
    expect(two?.attempts[0]?.retry_in_s).toBe(0.5);

    const done = run(state, [ev("step.succeeded", { position: 2, attempt: 2 }), ev("job.succeeded", { status: "succeeded" })]);
    expect(done.status).toBe("succeeded");
    expect(done.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("ignores events already applied (a reconnect replays them)", () => {
    seq = 0;
    const events = [ev("step.started", { position: 1 }), ev("step.log", { position: 1, line: "once" })];
    const once = run(initialTimeline(detail()), events);
    const replayed = run(once, events);
    expect(replayed).toBe(once);
    expect(replayed.steps[0]?.logs).toHaveLength(1);
    expect(replayed.lastSeq).toBe(2);
  });

  it("keeps log lines and the last seq when the job is refetched, but takes the server's steps", () => {
    seq = 0;
    const live = run(initialTimeline(detail()), [
      ev("step.started", { position: 1 }),
      ev("step.log", { position: 1, line: "hello" }),
    ]);
    const fetched = detail({ status: "running" });
    const firstStep = fetched.steps[0];
    if (!firstStep) throw new Error("fixture has steps");
    fetched.steps[0] = { ...firstStep, status: "succeeded" };
    const rebuilt = initialTimeline(fetched, live);
    expect(rebuilt.lastSeq).toBe(2);
    expect(rebuilt.status).toBe("running");
    expect(rebuilt.steps[0]?.status).toBe("succeeded");
    expect(rebuilt.steps[0]?.logs.map((l) => l.line)).toEqual(["hello"]);
    // A different job starts from scratch.
    expect(initialTimeline(detail({ id: "other" }), live).lastSeq).toBe(0);
  });

  it("records a final failure, cancellation and the cancelling state", () => {
    seq = 0;
    const state = run(initialTimeline(detail({ status: "running" })), [
      ev("step.started", { position: 1 }),
      ev("step.failed", { position: 1, attempt: 1, error: "gave up", error_type: "ProbeFailure" }),
    ]);
    expect(state.steps[0]?.status).toBe("failed");
    expect(state.steps[0]?.error).toBe("gave up");

    const cancelling = run(state, [ev("job.cancelling", { status: "cancelling" })]);
    expect(cancelling.status).toBe("cancelling");
    // A claim during cancellation does not make the job look running again.
    expect(run(cancelling, [ev("job.claimed", {})]).status).toBe("cancelling");
    const cancelled = run(cancelling, [
      ev("step.cancelled", { position: 2, detail: "cancelled by admin" }),
      ev("job.cancelled", { status: "cancelled" }),
    ]);
    expect(cancelled.steps[1]?.status).toBe("cancelled");
    expect(cancelled.steps[1]?.error).toBe("cancelled by admin");
    expect(cancelled.status).toBe("cancelled");
  });

  it("skips events it does not understand without losing its place", () => {
    seq = 0;
    const start = initialTimeline(detail());
    const state = run(start, [ev("step.started", {}), ev("something.new", { position: 1 }), ev("job.weird", { status: "nope" })]);
    expect(state.steps).toEqual(start.steps);
    expect(state.status).toBe("pending");
    expect(state.lastSeq).toBe(3);
  });
});

describe("stream helpers", () => {
  it("knows the events that end a job", () => {
    expect(isFinalEvent({ seq: 1, at: "", type: "job.cancelled", data: {} })).toBe(true);
    expect(isFinalEvent({ seq: 1, at: "", type: "job.cancelling", data: {} })).toBe(false);
    expect(isFinalEvent({ seq: 1, at: "", type: "step.failed", data: {} })).toBe(false);
  });

  it("backs off reconnects exponentially up to 30 s", () => {
    expect([0, 1, 2, 3, 10, 50].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000, 30000, 30000]);
  });
});

describe("receiveEvent / receiveDetail (events that beat the first read of the job)", () => {
  it("holds events back until the job is loaded, then applies them in order, once", () => {
    seq = 0;
    const started = ev("step.started", { position: 1 });
    const logged = ev("step.log", { position: 1, line: "early line" });
    let state = receiveEvent(NO_JOB_YET, logged);
    state = receiveEvent(state, started);
    state = receiveEvent(state, logged); // a replay after a reconnect
    expect(state.timeline).toBeNull();
    expect(state.early).toHaveLength(2);

    state = receiveDetail(state, detail({ status: "running" }));
    expect(state.early).toEqual([]);
    expect(state.timeline?.steps[0]?.status).toBe("running");
    expect(state.timeline?.steps[0]?.logs.map((l) => l.line)).toEqual(["early line"]);

    const next = receiveEvent(state, ev("step.succeeded", { position: 1 }));
    expect(next.timeline?.steps[0]?.status).toBe("succeeded");
    expect(receiveEvent(next, logged)).toBe(next);
  });
});
