import { Badge, Button, Code, Group, Skeleton, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconKey, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { errorStatus } from "@/api/problem";
import { $api } from "@/api/query";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Timestamp } from "@/components/Timestamp";
import { ROLE_LABELS } from "@/lib/roles";

import type { ApiToken } from "@/features/tokens/api/types";
import { CreateTokenModal } from "@/features/tokens/components/CreateTokenModal";
import { STATUS_COLORS, tokenStatus } from "@/features/tokens/lib/tokenStatus";

const PAGE_SIZE = 100;

function RevokeDialog({ token, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const revoke = $api.useMutation("post", "/api/v1/tokens/{token_id}/revoke", {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/tokens"] });
      onClose();
    },
  });
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={token !== null}
      onClose={close}
      title="Revoke API token"
      confirmLabel="Revoke token"
      danger
      typedName={token?.name ?? ""}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={(reason) => {
        if (token) revoke.mutate({ params: { path: { token_id: token.id } }, body: { reason } });
      }}
    >
      {token && (
        <>
          Every agent or script using <strong>{token.name}</strong> (<Code>{token.prefix}</Code>, {token.role} @{" "}
          {token.environment}) loses access immediately.
        </>
      )}
    </ConfirmDialog>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: (token: ApiToken) => void }) {
  const status = tokenStatus(token);
  return (
    <Table.Tr data-testid="token-row" data-token-id={token.id} data-status={status}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {token.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code>{token.prefix}</Code>
      </Table.Td>
      <Table.Td>{ROLE_LABELS[token.role]}</Table.Td>
      <Table.Td>
        <Code>{token.environment}</Code>
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Timestamp value={token.created_at} />
          <Text size="xs" c="dimmed">
            by {token.created_by}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Timestamp value={token.last_used_at} empty="never" />
      </Table.Td>
      <Table.Td>
        <Timestamp value={token.expires_at} empty="never" />
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Badge color={STATUS_COLORS[status]} variant="light" style={{ minWidth: "max-content" }} data-testid="token-status">
            {status}
          </Badge>
          {token.revoked_at && <Timestamp value={token.revoked_at} size="xs" />}
        </Stack>
      </Table.Td>
      <Table.Td>
        {status !== "revoked" && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => onRevoke(token)}
            aria-label={`Revoke token ${token.name}`}
            data-testid={`token-revoke-${token.id}`}
          >
            Revoke
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function TokensPage() {
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = $api.useInfiniteQuery(
    "get",
    "/api/v1/tokens",
    { params: { query: { limit: PAGE_SIZE } } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    },
  );
  const rows = tokens.data?.pages.flatMap((page) => page.items) ?? [];
  // The server decides who may manage tokens; once it has said no, do not offer the form.
  const forbidden = errorStatus(tokens.error) === 403;

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Bearer tokens for agents and scripts. A secret is shown once at creation; Lifeboat keeps only its hash."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            disabled={forbidden}
            data-testid="token-create"
          >
            Create token
          </Button>
        }
      />
      {tokens.isPending ? (
        <Stack gap={6} aria-busy="true" aria-label="Loading tokens">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={40} />
          ))}
        </Stack>
      ) : tokens.isError && rows.length === 0 ? (
        <ProblemAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No API tokens yet" icon={<IconKey size={26} />}>
          Create one for each restore agent, backup agent or script that calls the API.
        </EmptyState>
      ) : (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={860}>
            <Table highlightOnHover verticalSpacing="xs" data-testid="tokens-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Prefix</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Environment</Table.Th>
                  <Table.Th>Created (UTC)</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((token) => (
                  <TokenRow key={token.id} token={token} onRevoke={setRevoking} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {tokens.isFetchNextPageError && <ProblemAlert error={tokens.error} onRetry={() => void tokens.fetchNextPage()} />}
          {tokens.hasNextPage && (
            <Group>
              <Button variant="default" loading={tokens.isFetchingNextPage} onClick={() => void tokens.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
