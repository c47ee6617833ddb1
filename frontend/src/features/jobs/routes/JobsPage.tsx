import { Button, Code, Group, NativeSelect, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconListCheck } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";

import { $api } from "@/api/query";
import { CopyableId } from "@/components/CopyableId";
import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import { isFiltered, jobsSearchToQuery, parseJobsSearch, type JobsSearch } from "@/features/jobs/api/filters";
import type { Job } from "@/features/jobs/api/types";
import { JobStatusBadge } from "@/features/jobs/components/StatusBadge";
import { JOB_STATUSES, isJobStatus, isTerminal, statusLabel } from "@/features/jobs/lib/status";

const jobsRoute = getRouteApi("/_authed/jobs");

const LIVE_INTERVAL_MS = 3_000;

function FilterBar({ search }: { search: JobsSearch }) {
  const navigate = jobsRoute.useNavigate();
  const [kind, setKind] = useState(search.kind ?? "");
  const [scope, setScope] = useState(search.scope ?? "");
  const [createdBy, setCreatedBy] = useState(search.created_by ?? "");
  const apply = (next: JobsSearch) => {
    void navigate({ search: parseJobsSearch({ ...next }) });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ ...search, kind, scope, created_by: createdBy });
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <TextInput
          label="Kind"
          placeholder="system.probe"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value)}
          data-testid="jobs-filter-kind"
          w={200}
        />
        <NativeSelect
          label="Status"
          value={search.status ?? ""}
          onChange={(event) => {
            const value = event.currentTarget.value;
            apply({ ...search, kind, scope, created_by: createdBy, status: isJobStatus(value) ? value : undefined });
          }}
          data={[{ value: "", label: "any" }, ...JOB_STATUSES.map((value) => ({ value, label: statusLabel(value) }))]}
          data-testid="jobs-filter-status"
          w={200}
        />
        <TextInput
          label="Scope"
          placeholder="tenant:acme"
          value={scope}
          onChange={(event) => setScope(event.currentTarget.value)}
          data-testid="jobs-filter-scope"
          w={220}
        />
        <TextInput
          label="Created by"
          placeholder="user name or id"
          value={createdBy}
          onChange={(event) => setCreatedBy(event.currentTarget.value)}
          data-testid="jobs-filter-created-by"
          w={200}
        />
        <Button type="submit" variant="light" data-testid="jobs-filter-apply">
          Apply
        </Button>
        <Button
          variant="subtle"
          color="gray"
          onClick={() => {
            setKind("");
            setScope("");
            setCreatedBy("");
            apply({});
          }}
          data-testid="jobs-filter-clear"
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}

function JobRow({ job }: { job: Job }) {
  return (
    <Table.Tr data-testid="job-row" data-job-id={job.id} data-status={job.status}>
      <Table.Td>
        {/* Ids are time-ordered (UUIDv7): 13 characters tell apart jobs made minutes apart. */}
        <CopyableId value={job.id} label="job id" truncate={13} />
      </Table.Td>
      <Table.Td>
        <RouterAnchor to="/jobs/$jobId" params={{ jobId: job.id }} size="sm" fw={600} data-testid="job-link">
          {job.kind}
        </RouterAnchor>
        {job.dry_run && (
          <Text size="xs" c="dimmed">
            dry run
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <JobStatusBadge status={job.status} />
      </Table.Td>
      <Table.Td>{job.lock_scope ? <Code>{job.lock_scope}</Code> : <Text size="sm" c="dimmed">—</Text>}</Table.Td>
      <Table.Td>
        <Text size="sm">{job.created_by_name}</Text>
      </Table.Td>
      <Table.Td>
        <Timestamp value={job.created_at} />
      </Table.Td>
      <Table.Td>
        <Timestamp value={job.started_at} empty="—" />
      </Table.Td>
      <Table.Td>
        <Timestamp value={job.finished_at} empty="—" />
      </Table.Td>
      <Table.Td maw={280}>
        <Text size="sm" lineClamp={2} title={job.reason}>
          {job.reason}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function JobsPage() {
  const search = jobsRoute.useSearch();
  const query = jobsSearchToQuery(search);
  const jobs = $api.useInfiniteQuery(
    "get",
    "/api/v1/jobs",
    { params: { query } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
      refetchInterval: (q) => {
        const pages = q.state.data?.pages ?? [];
        return pages.some((page) => page.items.some((job) => !isTerminal(job.status))) ? LIVE_INTERVAL_MS : false;
      },
    },
  );
  const rows = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = isFiltered(search);

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Every change Lifeboat makes runs as a job: planned, audited, cancellable, with a receipt. Live while any job shown is still active."
      />
      <FilterBar key={`${search.kind ?? ""}|${search.scope ?? ""}|${search.created_by ?? ""}`} search={search} />
      {jobs.isPending ? (
        <Stack gap="xs" data-testid="jobs-loading">
          {Array.from({ length: 5 }, (_, index) => (
            <Skeleton key={index} height={36} />
          ))}
        </Stack>
      ) : jobs.isError && rows.length === 0 ? (
        <ProblemAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No jobs match these filters" : "No jobs yet"} icon={<IconListCheck size={26} />}>
          {filtered ? "Clear the filters to see every job." : "Jobs appear here once an operator or a schedule starts one."}
        </EmptyState>
      ) : (
        <>
          {jobs.isError && (
            <Stack mb="md">
              <ProblemAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
            </Stack>
          )}
          <Table.ScrollContainer minWidth={1100}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Job</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Scope</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Created by</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Finished</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((job) => (
                  <JobRow key={job.id} job={job} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {jobs.hasNextPage && (
            <Group justify="center" mt="md">
              <Button
                variant="light"
                onClick={() => void jobs.fetchNextPage()}
                loading={jobs.isFetchingNextPage}
                data-testid="jobs-load-more"
              >
                Load more
              </Button>
            </Group>
          )}
        </>
      )}
    </>
  );
}
