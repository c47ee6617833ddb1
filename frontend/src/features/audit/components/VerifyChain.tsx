import { Button, Group, Stack } from "@mantine/core";
import { IconShieldCheck } from "@tabler/icons-react";

import { $api } from "@/api/query";
import { ProblemAlert } from "@/components/ProblemAlert";

import { VerifyResult } from "./VerifyResult";

/** Verifies the keyed chain and its anchors on demand and shows the verdict. */
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
        <VerifyResult result={result} verifiedAt={new Date(verify.dataUpdatedAt).toISOString()} />
      )}
    </Stack>
  );
}
