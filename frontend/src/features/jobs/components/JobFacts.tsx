// The job's facts: ids, who created, approved or cancelled it and when, its scope and reason.
import { Alert, Code, Grid, Group, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

import { CopyableId } from "@/components/CopyableId";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import type { JobDetail } from "@/features/jobs/api/types";

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

export function JobFacts({ detail }: { detail: JobDetail }) {
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
