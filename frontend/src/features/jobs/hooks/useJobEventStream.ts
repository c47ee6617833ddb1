// The live timeline of one job: GET /jobs/{id} rebuilds it, the job's SSE stream advances it.
// The stream replays the job's events (so a finished job shows its log lines too), then follows
// it live. The browser reconnects by itself with Last-Event-ID; when it gives up (the server
// answered an error), the hook reconnects with backoff and the reducer drops replayed events.
import { useEffect, useRef, useState } from "react";

import type { JobDetail, JobStatus } from "@/features/jobs/api/types";
import {
  NO_JOB_YET,
  isFinalEvent,
  parseJobEvent,
  receiveDetail,
  receiveEvent,
  reconnectDelayMs,
  type LiveJobState,
  type TimelineState,
} from "@/features/jobs/lib/events";
import { isTerminal } from "@/features/jobs/lib/status";

/** Every event type the engine emits (SSE `event:` names); unnamed messages are handled too. */
const EVENT_TYPES = [
  "job.created",
  "job.claimed",
  "job.approved",
  "job.cancelling",
  "job.cancelled",
  "job.succeeded",
  "job.failed",
  "job.compensating",
  "job.compensated",
  "job.compensation_failed",
  "step.started",
  "step.succeeded",
  "step.attempt_failed",
  "step.failed",
  "step.cancelled",
  "step.log",
];

const REFETCH_DEBOUNCE_MS = 150;

export type StreamState = "connecting" | "live" | "reconnecting" | "ended";

export interface JobEventStream {
  /** Null until the job itself has been read. */
  timeline: TimelineState | null;
  status: JobStatus | null;
  terminal: boolean;
  /** "ended" for a finished job: its stream only replays its history. */
  stream: StreamState;
}

/**
 * Follows job `jobId`. `detail` is the latest read of the job and `refetch` reads it again (after
 * state changes and after a reconnect, since only the job itself carries effects and workers).
 */
export function useJobEventStream(jobId: string, detail: JobDetail | undefined, refetch: () => Promise<unknown>): JobEventStream {
  const [live, setLive] = useState<LiveJobState>(NO_JOB_YET);
  const { timeline } = live;
  const [stream, setStream] = useState<StreamState>("connecting");

  // Every fresh read of the job (first load, reconnect, after an action) rebuilds the state;
  // adjusted while rendering (not in an effect) so no frame shows the stale timeline.
  const [syncedDetail, setSyncedDetail] = useState<JobDetail | undefined>(undefined);
  if (detail !== syncedDetail) {
    setSyncedDetail(detail);
    if (detail) setLive((previous) => receiveDetail(previous, detail));
  }

  const status = timeline?.status ?? detail?.job.status ?? null;
  const terminal = status !== null && isTerminal(status);
  const terminalRef = useRef(terminal);
  useEffect(() => {
    terminalRef.current = terminal;
  }, [terminal]);

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: number | undefined;
    let retry = 0;
    let ended = false;
    let opened = false;
    let refetchTimer: number | undefined;
    // A replayed history arrives as a burst: read the job once after it, not once per event.
    const scheduleRefetch = () => {
      window.clearTimeout(refetchTimer);
      refetchTimer = window.setTimeout(() => void refetch(), REFETCH_DEBOUNCE_MS);
    };
    const url = `/api/v1/jobs/${encodeURIComponent(jobId)}/events`;

    const onEvent = (message: MessageEvent<string>) => {
      const event = parseJobEvent(message.data);
      if (!event) return;
      if (isFinalEvent(event)) ended = true;
      setLive((previous) => receiveEvent(previous, event));
      // State changes (not log lines) also change what only the job itself carries: effects,
      // attempts' workers, timestamps. Read it again; in-flight reads are superseded.
      if (event.type !== "step.log") scheduleRefetch();
    };
    const connect = () => {
      const current = new EventSource(url, { withCredentials: true });
      source = current;
      current.onopen = () => {
        const reconnected = opened;
        opened = true;
        retry = 0;
        setStream("live");
        if (reconnected) void refetch(); // rebuild from the job itself after a gap
      };
      current.onerror = () => {
        if (ended || terminalRef.current) {
          // The server closes the stream once the job has ended and every event was sent.
          current.close();
          setStream("ended");
          return;
        }
        if (current.readyState === EventSource.CLOSED) {
          current.close();
          timer = window.setTimeout(connect, reconnectDelayMs(retry));
          retry += 1;
        }
        setStream("reconnecting");
      };
      current.onmessage = onEvent;
      for (const type of EVENT_TYPES) current.addEventListener(type, onEvent);
    };
    connect();
    return () => {
      window.clearTimeout(timer);
      window.clearTimeout(refetchTimer);
      source?.close();
    };
  }, [jobId, refetch]);

  return { timeline, status, terminal, stream: terminal ? "ended" : stream };
}
