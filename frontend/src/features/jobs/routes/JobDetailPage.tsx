// One job, live: its facts, the step timeline (SSE), the plan and, once it ended, its receipt;
// cancel and approve with a reason.
import { Badge, Button, Card, Grid, Group, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconPlayerStop, IconShieldCheck } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";

import { $api } from "@/api/query";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";

import type { JobDetail } from "@/features/jobs/api/types";
import { JobFacts } from "@/features/jobs/components/JobFacts";
import { PlanView } from "@/features/jobs/components/PlanView";
import { ReceiptView } from "@/features/jobs/components/ReceiptView";
import { JobStatusBadge } from "@/features/jobs/components/StatusBadge";
import { StepTimeline } from "@/features/jobs/components/StepTimeline";
import { useJobEventStream, type StreamState } from "@/features/jobs/hooks/useJobEventStream";
import { useNow } from "@/features/jobs/hooks/useNow";
import { isTerminal } from "@/features/jobs/lib/status";

const jobRoute = getRouteApi("/_authed/jobs/$jobId");

const STREAM_HINT: Record<StreamState, string> = {
  connecting: "Opening the job's event stream",
  live: "Live: steps update as the job's events arrive",
  reconnecting: "The event stream dropped; reconnecting and catching up from the last event seen",
  ended: "The job has ended; this is its final state",
};

type Action = "cancel" | "approve" | null;

export function JobDetailPage() {
  const { jobId } = jobRoute.useParams();
  const queryClient = useQueryClient();
  const detailKey = { params: { path: { job_id: jobId } } };
  const detail = $api.useQuery("get", "/api/v1/jobs/{job_id}", detailKey);
  const { refetch } = detail;
  const { timeline, status, terminal, stream } = useJobEventStream(jobId, detail.data, refetch);
  const [action, setAction] = useState<Action>(null);

  const now = useNow(!terminal);

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
            <Tooltip label={STREAM_HINT[stream]} withArrow>
              <Badge
                variant="dot"
                color={stream === "live" ? "teal" : stream === "ended" ? "gray" : "yellow"}
                data-testid="job-stream"
                data-state={stream}
              >
                {stream === "ended" ? "final" : stream}
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
        <JobFacts detail={detail.data} />
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
