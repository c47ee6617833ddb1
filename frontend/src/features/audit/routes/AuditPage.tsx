import { Button, Card, Group, Skeleton, Stack, Text } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";

import { $api } from "@/api/query";
import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";

import { auditSearchToQuery, hasFilters, type AuditSearch } from "@/features/audit/api/filters";
import { AuditFilterBar } from "@/features/audit/components/AuditFilterBar";
import { AuditTable } from "@/features/audit/components/AuditTable";
import { VerifyChain } from "@/features/audit/components/VerifyChain";

const auditRoute = getRouteApi("/_authed/audit");

export function AuditPage() {
  const search = auditRoute.useSearch();
  const navigate = auditRoute.useNavigate();
  const apply = (next: AuditSearch) => void navigate({ search: next });

  const entries = $api.useInfiniteQuery(
    "get",
    "/api/v1/audit",
    { params: { query: auditSearchToQuery(search) } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    },
  );
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every privileged action, newest first. Rows are HMAC-chained and anchored outside the database; verify the chain to prove none was altered or removed."
      />
      <Stack gap="md">
        <VerifyChain />
        <Card withBorder padding="md" radius="md">
          {/* Remount on URL change so the form always shows what is applied. */}
          <AuditFilterBar key={JSON.stringify(search)} search={search} onApply={apply} />
        </Card>
        {entries.isPending ? (
          <Stack gap={6} aria-busy="true" aria-label="Loading audit entries">
            {Array.from({ length: 6 }, (_, index) => (
              <Skeleton key={index} height={34} />
            ))}
          </Stack>
        ) : entries.isError && rows.length === 0 ? (
          <ProblemAlert error={entries.error} onRetry={() => void entries.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="No audit entries match these filters">
            {hasFilters(search) ? (
              <Button variant="subtle" mt="xs" onClick={() => apply({})}>
                Clear filters
              </Button>
            ) : (
              "Privileged actions (logins, token changes, jobs) are recorded here as they happen."
            )}
          </EmptyState>
        ) : (
          <>
            <AuditTable entries={rows} />
            {entries.isFetchNextPageError && <ProblemAlert error={entries.error} onRetry={() => void entries.fetchNextPage()} />}
            <Group justify="space-between">
              <Text size="sm" c="dimmed" data-testid="audit-count">
                Showing {rows.length} {rows.length === 1 ? "entry" : "entries"}
                {entries.hasNextPage ? "; more are available" : ""}
              </Text>
              {entries.hasNextPage && (
                <Button
                  variant="default"
                  loading={entries.isFetchingNextPage}
                  onClick={() => void entries.fetchNextPage()}
                  data-testid="audit-load-more"
                >
                  Load more
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </>
  );
}
