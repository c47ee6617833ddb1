// The job's steps as a timeline: status, duration, attempts, errors and log lines per step.
import { Badge, Code, Group, Stack, Text, Timeline } from "@mantine/core";
import { IconBan, IconCheck, IconCircleDashed, IconLoader2, IconX } from "@tabler/icons-react";

import type { JobStepStatus } from "@/features/jobs/api/types";
import type { StepState, TimelineState } from "@/features/jobs/lib/events";
import { STEP_STATUS_COLORS, durationMs, formatDuration, statusVariant } from "@/features/jobs/lib/status";

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

export function StepTimeline({ timeline, now }: { timeline: TimelineState; now: number }) {
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
