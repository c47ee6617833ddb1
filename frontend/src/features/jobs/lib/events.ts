// The job timeline's state, rebuilt from GET /jobs/{id} and then advanced by SSE events.
// Pure functions only: the page feeds them, the tests drive them directly.
import type { JobDetail, JobStatus, JobStep, StepAttempt } from "@/features/jobs/api/types";
import { isJobStatus } from "./status";

export interface JobEvent {
  seq: number;
  at: string;
  type: string;
  data: Record<string, unknown>;
}

export interface LogLine {
  seq: number;
  at: string;
  line: string;
}

export interface StepState extends JobStep {
  logs: LogLine[];
}

export interface TimelineState {
  jobId: string;
  status: JobStatus | null;
  steps: StepState[];
  /** The highest event seq applied; events at or below it are ignored (replays after reconnect). */
  lastSeq: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one SSE `data` payload; null when it is not a job event. */
export function parseJobEvent(raw: string): JobEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { seq, at, type, data } = value;
  if (typeof seq !== "number" || typeof at !== "string" || typeof type !== "string") return null;
  return { seq, at, type, data: isRecord(data) ? data : {} };
}

export function initialTimeline(detail: JobDetail, previous?: TimelineState): TimelineState {
  // Logs are only in the event stream; keep those already seen when the job is refetched.
  const same = previous?.jobId === detail.job.id ? previous : undefined;
  const logsByPosition = new Map(same?.steps.map((step) => [step.position, step.logs]) ?? []);
  return {
    jobId: detail.job.id,
    status: detail.job.status,
    steps: detail.steps.map((step) => ({ ...step, logs: logsByPosition.get(step.position) ?? [] })),
    lastSeq: same?.lastSeq ?? 0,
  };
}

function num(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function updateStep(state: TimelineState, position: number, update: (step: StepState) => StepState): StepState[] {
  return state.steps.map((step) => (step.position === position ? update(step) : step));
}

function upsertAttempt(attempts: StepAttempt[], attempt: number, update: (a: StepAttempt) => StepAttempt, at: string) {
  const found = attempts.some((a) => a.attempt === attempt);
  if (found) return attempts.map((a) => (a.attempt === attempt ? update(a) : a));
  const fresh: StepAttempt = {
    attempt,
    error: null,
    error_type: null,
    finished_at: null,
    lease_epoch: 0,
    retry_in_s: null,
    started_at: at,
    status: "running",
    worker: "",
  };
  return [...attempts, update(fresh)];
}

/** Applies one event; returns the same state for replays and events it does not know. */
export function applyJobEvent(state: TimelineState, event: JobEvent): TimelineState {
  if (event.seq <= state.lastSeq) return state;
  const next: TimelineState = { ...state, lastSeq: event.seq };
  const { data, at } = event;
  const position = num(data.position);
  const attempt = num(data.attempt) ?? 1;

  if (event.type.startsWith("job.")) {
    const status = str(data.status);
    if (event.type === "job.claimed") {
      return { ...next, status: state.status === "cancelling" ? "cancelling" : "running" };
    }
    if (status !== null && isJobStatus(status)) return { ...next, status };
    return next;
  }
  if (position === null) return next;

  switch (event.type) {
    case "step.started":
      return {
        ...next,
        steps: updateStep(state, position, (step) => ({
          ...step,
          status: "running",
          started_at: step.started_at ?? at,
          error: null,
          attempts: upsertAttempt(
            step.attempts,
            attempt,
            (a) => ({ ...a, started_at: at, status: "running", lease_epoch: num(data.lease_epoch) ?? a.lease_epoch }),
            at,
          ),
        })),
      };
    case "step.succeeded":
      return {
        ...next,
        steps: updateStep(state, position, (step) => ({
          ...step,
          status: "succeeded",
          finished_at: at,
          error: null,
          attempts: upsertAttempt(step.attempts, attempt, (a) => ({ ...a, status: "succeeded", finished_at: at }), at),
        })),
      };
    case "step.attempt_failed":
    case "step.failed": {
      const error = str(data.error);
      const final = event.type === "step.failed";
      return {
        ...next,
        steps: updateStep(state, position, (step) => ({
          ...step,
          status: final ? "failed" : step.status,
          finished_at: final ? at : step.finished_at,
          error: final ? error : step.error,
          attempts: upsertAttempt(
            step.attempts,
            attempt,
            (a) => ({
              ...a,
              status: "failed",
              finished_at: at,
              error,
              error_type: str(data.error_type),
              retry_in_s: num(data.retry_in_s),
            }),
            at,
          ),
        })),
      };
    }
    case "step.cancelled":
      return {
        ...next,
        steps: updateStep(state, position, (step) => ({
          ...step,
          status: "cancelled",
          finished_at: step.finished_at ?? at,
          error: str(data.detail) ?? step.error,
        })),
      };
    case "step.log": {
      const line = str(data.line);
      if (line === null) return next;
      return {
        ...next,
        steps: updateStep(state, position, (step) => ({ ...step, logs: [...step.logs, { seq: event.seq, at, line }] })),
      };
    }
    default:
      return next;
  }
}

/** True for the event that ends a job (after it the server closes the stream). */
export function isFinalEvent(event: JobEvent): boolean {
  return event.type === "job.succeeded" || event.type === "job.failed" || event.type === "job.cancelled";
}

const RECONNECT_BASE_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

/** Wait before the n-th (0-based) reconnect after the stream failed for good: 1 s, 2 s, 4 s … 30 s. */
export function reconnectDelayMs(retry: number): number {
  return Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, retry));
}

/** The page's state: the timeline once the job is loaded, and events that arrived before it. */
export interface LiveJobState {
  timeline: TimelineState | null;
  early: JobEvent[];
}

export const NO_JOB_YET: LiveJobState = { timeline: null, early: [] };

/** An event from the stream; held back until the job itself has been read. */
export function receiveEvent(state: LiveJobState, event: JobEvent): LiveJobState {
  if (state.timeline) {
    const timeline = applyJobEvent(state.timeline, event);
    return timeline === state.timeline ? state : { ...state, timeline };
  }
  if (state.early.some((held) => held.seq === event.seq)) return state;
  return { ...state, early: [...state.early, event] };
}

/** A fresh read of the job: rebuilds the timeline, then applies the events held back for it. */
export function receiveDetail(state: LiveJobState, detail: JobDetail): LiveJobState {
  const base = initialTimeline(detail, state.timeline ?? undefined);
  const early = [...state.early].sort((a, b) => a.seq - b.seq);
  return { timeline: early.reduce(applyJobEvent, base), early: [] };
}
