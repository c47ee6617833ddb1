import {
  Accordion,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconBan, IconCheck, IconCircleDashed, IconLoader2, IconPlayerStop, IconShieldCheck, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useRef, useState, type ReactNode } from "react";

import { errorStatus } from "@/api/problem";
import { $api } from "@/api/query";
import type { JobDetail, JobPlan, JobStepStatus } from "@/api/types";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { CopyableId } from "@/components/CopyableId";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import {
  NO_JOB_YET,
  isFinalEvent,
  parseJobEvent,
  receiveDetail,
  receiveEvent,
  reconnectDelayMs,
  type LiveJobState,
  type StepState,
  type TimelineState,
} from "@/features/jobs/lib/events";
import { summarizeReceipt } from "@/features/jobs/lib/receipt";
import { JobStatusBadge } from "@/features/jobs/components/StatusBadge";
import { STEP_STATUS_COLORS, durationMs, formatDuration, isTerminal, statusVariant } from "@/features/jobs/lib/status";

const jobRoute = getRouteApi("/_authed/jobs/$jobId");

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

type StreamState = "connecting" | "live" | "reconnecting" | "ended";

const STREAM_HINT: Record<StreamState, string> = {
  connecting: "Opening the job's event stream",
  live: "Live: steps update as the job's events arrive",
  reconnecting: "The event stream dropped; reconnecting and catching up from the last event seen",
  ended: "The job has ended; this is its final state",
};

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

function StepIcon({ status }: { status: JobStepStatus }) {
  switch (status) {
    case "succeeded":
      return <IconCheck size={14} />;
    case "failed":
      return <IconX size={14} />;
    case "running":
      return <IconLoader2 size={14} />;
    case "cancelled":
      return <IconBan size={14} />;
    default:
      return <IconCircleDashed size={14} />;
  }
}

function StepItemBody({ step, now }: { step: StepState; now: number }) {
  const took = durationMs(step.started_at, step.finished_at, now);
  return (
    <Stack gap={4} data-testid="job-step" data-status={step.status} data-position={step.position}>
      <Group gap="xs">
        <Badge
          color={STEP_STATUS_COLORS[step.status]}
          variant={step.status === "running" ? "light" : statusVariant(step.status)}
          size="sm"
          data-testid="job-step-status"
        >
          {step.status}
        </Badge>
        <Text size="xs" c="dimmed">
          {step.started_at ? `${step.finished_at ? "took" : "running for"} ${formatDuration(took)}` : "not started"}
          {" · "}attempts {step.attempts.length}/{step.max_attempts}
          {step.effect !== "not_done" && ` · effect ${step.effect}`}
        </Text>
      </Group>
      {step.error && (
        <Text size="xs" c="red">
          {step.error}
        </Text>
      )}
      {step.attempts
        .filter((attempt) => attempt.error)
        .map((attempt) => (
          <Text key={attempt.attempt} size="xs" c="orange" data-testid="job-step-attempt-error">
            attempt {attempt.attempt}: {attempt.error_type ? `${attempt.error_type}: ` : ""}
            {attempt.error}
            {attempt.retry_in_s !== null && ` (retry in ${attempt.retry_in_s} s)`}
          </Text>
        ))}
      {step.logs.length > 0 && (
        <Code block data-testid="job-step-logs" style={{ whiteSpace: "pre-wrap", fontSize: 12 }}>
          {step.logs.map((log) => `${log.at.slice(11, 19)}Z ${log.line}`).join("\n")}
        </Code>
      )}
    </Stack>
  );
}

function StepTimeline({ timeline, now }: { timeline: TimelineState; now: number }) {
  const steps = [...timeline.steps].sort((a, b) => a.position - b.position);
  const active = steps.reduce((last, step, index) => (step.status === "pending" ? last : index), -1);
  return (
    <Timeline active={active} bulletSize={24} lineWidth={2} data-testid="job-timeline">
      {steps.map((step) => (
        <Timeline.Item
          key={step.position}
          bullet={<StepIcon status={step.status} />}
          color={STEP_STATUS_COLORS[step.status]}
          title={
            <Text fw={600} size="sm">
              {step.position}. {step.name}
            </Text>
          }
        >
          <StepItemBody step={step} now={now} />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function PlanView({ plan }: { plan: JobPlan }) {
  return (
    <Stack gap="sm" data-testid="job-plan">
      <Group gap="xs">
        <Badge variant="light" color={plan.ok ? "teal" : "red"}>
          {plan.ok ? "plan ok" : "plan refused"}
        </Badge>
        <Badge variant="outline" color={plan.mutating ? "orange" : "gray"}>
          {plan.mutating ? "mutating" : "read-only"}
        </Badge>
        {plan.requires_approval && (
          <Badge variant="outline" color="yellow">
            needs approval
          </Badge>
        )}
        {plan.lock_scope && <Code>{plan.lock_scope}</Code>}
      </Group>
      <Table.ScrollContainer minWidth={360}>
      <Table verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Step</Table.Th>
            <Table.Th>Touches</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Timeout</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.steps.map((step) => (
            <Table.Tr key={step.position}>
              <Table.Td>{step.position}</Table.Td>
              <Table.Td>{step.name}</Table.Td>
              <Table.Td>
                {step.touches.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    nothing
                  </Text>
                ) : (
                  <Group gap={4}>
                    {step.touches.map((touch) => (
                      <Code key={touch}>{touch}</Code>
                    ))}
                  </Group>
                )}
              </Table.Td>
              <Table.Td>{step.max_attempts}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{step.timeout_s} s</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
      {plan.gates.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Gates
          </Text>
          {plan.gates.map((gate) => (
            <Group key={gate.name} gap="xs" wrap="nowrap" align="flex-start">
              <Badge size="sm" variant="light" color={gate.ok ? "teal" : "red"} style={{ flexShrink: 0 }}>
                {gate.ok ? "pass" : "fail"}
              </Badge>
              <Text size="sm" fw={500}>
                {gate.name}
              </Text>
              <Text size="xs" c="dimmed">
                {gate.detail}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function EffectList({ label, items, color }: { label: string; items: string[]; color: string }) {
  if (items.length === 0) return null;
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <Text size="xs" c="dimmed" w={150} style={{ flexShrink: 0 }}>
        {label} ({items.length})
      </Text>
      <Group gap={4} wrap="wrap">
        {items.map((item) => (
          <Badge key={item} size="sm" variant="light" color={color} tt="none">
            {item}
          </Badge>
        ))}
      </Group>
    </Group>
  );
}

function ReceiptView({ jobId, terminal }: { jobId: string; terminal: boolean }) {
  const receipt = $api.useQuery(
    "get",
    "/api/v1/jobs/{job_id}/receipt",
    { params: { path: { job_id: jobId } } },
    { enabled: terminal },
  );
  let body: ReactNode;
  if (!terminal || errorStatus(receipt.error) === 409) {
    body = (
      <Text size="sm" c="dimmed">
        Not available until the job ends.
      </Text>
    );
  } else if (receipt.isPending) {
    body = <Skeleton height={80} />;
  } else if (receipt.isError) {
    body = <ProblemAlert error={receipt.error} />;
  } else {
    const summary = summarizeReceipt(receipt.data);
    body = (
      <Stack gap="sm">
        {summary ? (
          <Stack gap={6} data-testid="job-receipt-summary" data-status={summary.status}>
            <Group gap="xs">
              <Text size="sm">Outcome</Text>
              <Badge
                variant={statusVariant(summary.status)}
                color={summary.status === "succeeded" ? "teal" : summary.status === "failed" ? "red" : "gray"}
              >
                {summary.status}
              </Badge>
              {summary.finishedAt && <Timestamp value={summary.finishedAt} size="xs" />}
            </Group>
            <EffectList label="Effects done" items={summary.effectsDone} color="teal" />
            <EffectList label="Compensated" items={summary.effectsCompensated} color="grape" />
            <EffectList label="Not done" items={summary.effectsNotDone} color="gray" />
            <EffectList label="Unknown (check by hand)" items={summary.effectsUnknown} color="orange" />
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            The stored receipt has an unexpected shape; its JSON is below.
          </Text>
        )}
        <Accordion variant="contained" chevronPosition="left">
          <Accordion.Item value="receipt">
            <Accordion.Control data-testid="job-receipt-toggle">Receipt JSON</Accordion.Control>
            <Accordion.Panel>
              <Code block style={{ maxHeight: 480, overflow: "auto", fontSize: 12 }}>
                {JSON.stringify(receipt.data, null, 2)}
              </Code>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </Stack>
    );
  }
  return <div data-testid="job-receipt">{body}</div>;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** Who did something: the creator's name when it was them, else their id (the API has no name for it). */
function Actor({ id, job }: { id: string; job: JobDetail["job"] }) {
  if (id === job.created_by) {
    return (
      <Text size="sm">
        by <strong>{job.created_by_name}</strong>
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">by</Text>
      <CopyableId value={id} label="user id" />
    </Group>
  );
}

function Facts({ detail }: { detail: JobDetail }) {
  const { job } = detail;
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Field label="Job id">
          <CopyableId value={job.id} label="job id" testId="job-id" />
        </Field>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Field label="Correlation id">
          {job.correlation_id ? (
            <Group gap={4} wrap="nowrap">
              <CopyableId value={job.correlation_id} label="correlation id" testId="job-correlation-id" />
              <RouterAnchor to="/audit" search={{ correlation_id: job.correlation_id }} size="xs">
                audit
              </RouterAnchor>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Field>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Field label="Request id">
          {job.request_id ? (
            <CopyableId value={job.request_id} label="request id" testId="job-request-id" />
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Field>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Field label="Created">
          <Text size="sm">
            by <strong>{job.created_by_name}</strong>
          </Text>
          <Timestamp value={job.created_at} />
        </Field>
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 2 }}>
        <Field label="Started">
          <Timestamp value={job.started_at} empty="—" />
        </Field>
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 2 }}>
        <Field label="Finished">
          <Timestamp value={job.finished_at} empty="—" />
        </Field>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Field label="Scope">
          {job.lock_scope ? <Code>{job.lock_scope}</Code> : <Text size="sm" c="dimmed">none</Text>}
        </Field>
      </Grid.Col>
      <Grid.Col span={12}>
        <Field label="Reason">
          <Text size="sm" data-testid="job-reason">
            {job.reason}
          </Text>
        </Field>
      </Grid.Col>
      {job.approved_by && (
        <Grid.Col span={12}>
          <Field label="Approved">
            <Group gap="xs">
              <Actor id={job.approved_by} job={job} />
              <Timestamp value={job.approved_at} />
            </Group>
          </Field>
        </Grid.Col>
      )}
      {job.cancel_requested_by && (
        <Grid.Col span={12}>
          <Field label="Cancel requested">
            <Group gap="xs">
              <Actor id={job.cancel_requested_by} job={job} />
              <Timestamp value={job.cancel_requested_at} />
            </Group>
            <Text size="sm" data-testid="job-cancel-reason">
              {job.cancel_reason}
            </Text>
          </Field>
        </Grid.Col>
      )}
      {job.error && (
        <Grid.Col span={12}>
          <Alert color="red" variant="light" title="Job error">
            {job.error}
          </Alert>
        </Grid.Col>
      )}
    </Grid>
  );
}

type Action = "cancel" | "approve" | null;

export function JobDetailPage() {
  const { jobId } = jobRoute.useParams();
  const queryClient = useQueryClient();
  const detailKey = { params: { path: { job_id: jobId } } };
  const detail = $api.useQuery("get", "/api/v1/jobs/{job_id}", detailKey);
  const [live, setLive] = useState<LiveJobState>(NO_JOB_YET);
  const { timeline } = live;
  const [stream, setStream] = useState<StreamState>("connecting");
  const [action, setAction] = useState<Action>(null);

  // Every fresh read of the job (first load, reconnect, after an action) rebuilds the state;
  // adjusted while rendering (not in an effect) so no frame shows the stale timeline.
  const data = detail.data;
  const [syncedData, setSyncedData] = useState<JobDetail | undefined>(undefined);
  if (data !== syncedData) {
    setSyncedData(data);
    if (data) setLive((previous) => receiveDetail(previous, data));
  }

  const status = timeline?.status ?? data?.job.status ?? null;
  const terminal = status !== null && isTerminal(status);
  const { refetch } = detail;
  const terminalRef = useRef(terminal);
  useEffect(() => {
    terminalRef.current = terminal;
  }, [terminal]);

  // The event stream: replays the job's events (so a finished job shows its log lines too), then
  // follows it live. The browser reconnects by itself with Last-Event-ID; when it gives up (the
  // server answered an error), we reconnect with backoff and the reducer drops replayed events.
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

  const now = useNow(!terminal);
  // A finished job's stream only replays its history; there is nothing live about it.
  const shownStream: StreamState = terminal ? "ended" : stream;

  const onChanged = (updated: JobDetail) => {
    queryClient.setQueryData(["get", "/api/v1/jobs/{job_id}", detailKey], updated);
    void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/jobs"] });
    void refetch();
    setAction(null);
  };
  const cancel = $api.useMutation("post", "/api/v1/jobs/{job_id}/cancel", { onSuccess: onChanged });
  const approve = $api.useMutation("post", "/api/v1/jobs/{job_id}/approve", { onSuccess: onChanged });

  if (detail.isPending) {
    return (
      <Stack gap="sm" data-testid="job-loading">
        <Skeleton height={40} width={320} />
        <Skeleton height={140} />
        <Skeleton height={240} />
      </Stack>
    );
  }
  if (!detail.data || !timeline || status === null) {
    return (
      <Stack gap="md">
        <RouterAnchor to="/jobs" size="sm">
          ← All jobs
        </RouterAnchor>
        <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />
      </Stack>
    );
  }
  const { job, plan } = detail.data;
  const closeDialog = () => {
    cancel.reset();
    approve.reset();
    setAction(null);
  };

  return (
    <Stack gap="md" data-testid="job-detail" data-status={status}>
      <RouterAnchor to="/jobs" size="sm">
        ← All jobs
      </RouterAnchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{job.kind}</Title>
            <JobStatusBadge status={status} size="lg" />
            {job.dry_run && <Badge variant="outline">dry run</Badge>}
            <Tooltip label={STREAM_HINT[shownStream]} withArrow>
              <Badge
                variant="dot"
                color={shownStream === "live" ? "teal" : shownStream === "ended" ? "gray" : "yellow"}
                data-testid="job-stream"
                data-state={shownStream}
              >
                {shownStream === "ended" ? "final" : shownStream}
              </Badge>
            </Tooltip>
          </Group>
        </Stack>
        <Group gap="sm">
          {status === "awaiting_approval" && (
            <Button
              leftSection={<IconShieldCheck size={16} />}
              color="yellow"
              autoContrast
              onClick={() => setAction("approve")}
              data-testid="job-approve"
            >
              Approve
            </Button>
          )}
          {!terminal && (
            <Button
              leftSection={<IconPlayerStop size={16} />}
              color="red"
              variant="light"
              onClick={() => setAction("cancel")}
              disabled={status === "cancelling"}
              data-testid="job-cancel"
            >
              {status === "cancelling" ? "Cancelling…" : "Cancel job"}
            </Button>
          )}
        </Group>
      </Group>

      <Card withBorder padding="md">
        <Facts detail={detail.data} />
      </Card>

      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder padding="md">
            <Title order={4} mb="sm">
              Steps
            </Title>
            {timeline.steps.length === 0 ? (
              <Text size="sm" c="dimmed">
                This job has no steps.
              </Text>
            ) : (
              <StepTimeline timeline={timeline} now={now} />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Title order={4} mb="sm">
                Plan
              </Title>
              <PlanView plan={plan} />
            </Card>
            <Card withBorder padding="md">
              <Title order={4} mb="sm">
                Receipt
              </Title>
              <ReceiptView jobId={job.id} terminal={terminal && isTerminal(job.status)} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <ConfirmDialog
        opened={action === "cancel"}
        onClose={closeDialog}
        title="Cancel job"
        confirmLabel="Cancel job"
        danger
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={(reason) => cancel.mutate({ params: { path: { job_id: job.id } }, body: { reason } })}
      >
        The running step is asked to stop, no further step starts, and completed steps are compensated where the kind
        supports it. The receipt records what was done.
      </ConfirmDialog>
      <ConfirmDialog
        opened={action === "approve"}
        onClose={closeDialog}
        title="Approve job"
        confirmLabel="Approve"
        pending={approve.isPending}
        error={approve.error}
        onConfirm={(reason) => approve.mutate({ params: { path: { job_id: job.id } }, body: { reason } })}
      >
        <strong>{job.kind}</strong> was requested by {job.created_by_name}: “{job.reason}”. A second admin must approve
        it; you cannot approve your own job.
      </ConfirmDialog>
    </Stack>
  );
}
