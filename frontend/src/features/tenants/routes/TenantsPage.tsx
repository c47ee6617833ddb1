import { Badge, Button, Card, Code, Group, SimpleGrid, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconBuildingWarehouse, IconSearch } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";

import { $api } from "@/api/query";
import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RouterAnchor } from "@/components/RouterAnchor";
import { Timestamp } from "@/components/Timestamp";

import { parseTenantsSearch, tenantsSearchToQuery, type TenantsSearch } from "@/features/tenants/api/search";
import { PLACEMENT_KINDS, PLACEMENT_REFRESH_MS, type TenantPlacement } from "@/features/tenants/api/types";
import { SOURCE_LABELS } from "@/features/tenants/lib/sources";

const tenantsRoute = getRouteApi("/_authed/tenants");

function SearchBar({ search }: { search: TenantsSearch }) {
  const navigate = tenantsRoute.useNavigate();
  const [q, setQ] = useState(search.q ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: parseTenantsSearch({ q }) });
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="sm" mb="md">
        <TextInput
          label="Search"
          placeholder="tenant id or service name"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
          data-testid="tenants-search"
          w={320}
        />
        <Button type="submit" variant="light" data-testid="tenants-search-apply">
          Search
        </Button>
        {search.q && (
          <Button
            variant="subtle"
            color="gray"
            onClick={() => {
              setQ("");
              void navigate({ search: {} });
            }}
            data-testid="tenants-search-clear"
          >
            Clear
          </Button>
        )}
      </Group>
    </form>
  );
}

function PlacementMaps() {
  const placement = $api.useQuery("get", "/api/v1/placement", undefined, {
    refetchInterval: PLACEMENT_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  if (placement.isPending) return <Skeleton height={84} mb="md" />;
  if (placement.data === undefined) return <ProblemAlert error={placement.error} onRetry={() => void placement.refetch()} />;
  const view = placement.data;
  const source = SOURCE_LABELS[view.source];
  return (
    <Stack gap="xs" mb="lg" data-testid="placement-maps" data-source={view.source}>
      <Group gap="sm">
        <Text size="sm" fw={600}>
          Placement maps
        </Text>
        <Badge color={source.color} variant="light" data-testid="placement-source">
          {source.label}
        </Badge>
        <Text size="xs" c="dimmed">
          {source.help} Last change applied <Timestamp value={view.updated_at} size="xs" empty="never" />
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {view.maps.map((map) => (
          <Card key={map.kind} withBorder padding="sm" radius="md" data-testid="placement-map" data-kind={map.kind}>
            <Group justify="space-between" wrap="nowrap">
              <Code>{map.key}</Code>
              <Text size="sm" fw={600} data-testid="placement-map-revision" style={{ fontVariantNumeric: "tabular-nums" }}>
                {map.revision === 0 ? "missing" : `rev ${map.revision}`}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {Object.keys(map.tenants).length} tenants on {new Set(Object.values(map.tenants)).size} services
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ServiceCell({ service }: { service: string | null }) {
  return service ? (
    <Text size="sm" ff="monospace">
      {service}
    </Text>
  ) : (
    <Text size="sm" c="dimmed">
      not placed
    </Text>
  );
}

function TenantRow({ tenant }: { tenant: TenantPlacement }) {
  return (
    <Table.Tr data-testid="tenant-row" data-tenant={tenant.tenant_id}>
      <Table.Td>
        <RouterAnchor to="/tenants/$tenantId" params={{ tenantId: tenant.tenant_id }} fw={600} size="sm" data-testid="tenant-link">
          {tenant.tenant_id}
        </RouterAnchor>
      </Table.Td>
      {PLACEMENT_KINDS.map((kind) => (
        <Table.Td key={kind} data-testid={`tenant-${kind}`}>
          <ServiceCell service={tenant[kind]} />
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

export function TenantsPage() {
  const search = tenantsRoute.useSearch();
  const tenants = $api.useInfiniteQuery(
    "get",
    "/api/v1/tenants",
    { params: { query: tenantsSearchToQuery(search) } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    },
  );
  const rows = tenants.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Tenants & Placement"
        description="Which service of each kind serves every tenant, from the placement maps. Open a tenant for its live inflight work, drain and migrate."
      />
      <PlacementMaps />
      <SearchBar key={search.q ?? ""} search={search} />
      {tenants.isPending ? (
        <Stack gap="xs" data-testid="tenants-loading">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={34} />
          ))}
        </Stack>
      ) : tenants.isError && rows.length === 0 ? (
        <ProblemAlert error={tenants.error} onRetry={() => void tenants.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title={search.q ? "No tenant matches this search" : "No tenants in the placement maps"}
          icon={<IconBuildingWarehouse size={26} />}
          testId="tenants-empty"
        >
          {search.q ? (
            <>
              Nothing matches <Code>{search.q}</Code> in a tenant id or service name.
            </>
          ) : (
            <>
              Tenants appear once a placement map lists them; <Code>lifeboat dev</Code> seeds demo tenants.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={4} data-testid="tenants-count">
            {rows.length} {rows.length === 1 ? "tenant" : "tenants"}
            {tenants.hasNextPage ? " shown (more below)" : ""}
            {search.q ? ` matching “${search.q}”` : ""}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="tenants-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Tenant</Table.Th>
                  {PLACEMENT_KINDS.map((kind) => (
                    <Table.Th key={kind} tt="capitalize">
                      {kind}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((tenant) => (
                  <TenantRow key={tenant.tenant_id} tenant={tenant} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {tenants.hasNextPage && (
            <Group justify="center" mt="md">
              <Button
                variant="light"
                onClick={() => void tenants.fetchNextPage()}
                loading={tenants.isFetchingNextPage}
                data-testid="tenants-load-more"
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
