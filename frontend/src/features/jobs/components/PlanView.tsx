import { Badge, Code, Group, Stack, Table, Text } from "@mantine/core";

import type { JobPlan } from "@/features/jobs/api/types";

export function PlanView({ plan }: { plan: JobPlan }) {
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
