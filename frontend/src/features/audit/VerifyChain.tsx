import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { IconLinkOff, IconShieldCheck } from "@tabler/icons-react";

import { $api } from "@/api/query";
import { CopyableId } from "@/components/CopyableId";
import { ProblemAlert } from "@/components/ProblemAlert";
import { Timestamp } from "@/components/Timestamp";

/** Walks the hash chain on demand and shows the verdict (the first bad row, in red, when broken). */
export function VerifyChain() {
  const verify = $api.useQuery("get", "/api/v1/audit/verify", undefined, { enabled: false, retry: false });
  const result = verify.data;

  return (
    <Stack gap="sm">
      <Group>
        <Button
          variant="light"
          leftSection={<IconShieldCheck size={16} />}
          loading={verify.isFetching}
          onClick={() => void verify.refetch()}
          data-testid="audit-verify"
        >
          Verify chain
        </Button>
      </Group>
      {verify.isError && !verify.isFetching && <ProblemAlert error={verify.error} />}
      {result && !verify.isError && (
        <div data-testid="audit-verify-result" data-ok={String(result.ok)}>
          {result.ok ? (
            <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />} title="Chain intact">
              <Text size="sm">
                {result.checked} {result.checked === 1 ? "entry" : "entries"} checked; every row carries the hash of the
                one before it.
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                Verified <Timestamp value={new Date(verify.dataUpdatedAt).toISOString()} size="xs" />
              </Text>
            </Alert>
          ) : (
            <Alert color="red" variant="filled" icon={<IconLinkOff size={18} />} title="Chain broken">
              <Stack gap={4}>
                <Text size="sm">{result.detail}</Text>
                <Group gap="md">
                  {result.first_bad_seq !== null && (
                    <Text size="sm" fw={700}>
                      First bad row: seq {result.first_bad_seq}
                    </Text>
                  )}
                  {result.first_bad_id && <CopyableId value={result.first_bad_id} label="row id" />}
                </Group>
                <Text size="xs">{result.checked} entries checked before the break.</Text>
              </Stack>
            </Alert>
          )}
        </div>
      )}
    </Stack>
  );
}
