import { ActionIcon, Code, CopyButton, Group, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";

interface CopyableIdProps {
  value: string;
  /** Accessible name of the copy button, e.g. "request id". */
  label?: string;
  /** Show only the first characters (the full value is still copied). */
  truncate?: number;
  testId?: string;
  /** Let a long value wrap (narrow containers such as alerts) instead of staying on one line. */
  wrap?: boolean;
}

/** An id in monospace with a copy button; ids are what operators paste into tickets and logs. */
export function CopyableId({ value, label = "id", truncate, testId, wrap = false }: CopyableIdProps) {
  const shown = truncate && value.length > truncate ? `${value.slice(0, truncate)}…` : value;
  return (
    <Group gap={4} wrap="nowrap" data-testid={testId}>
      <Code title={value} style={wrap ? { wordBreak: "break-all" } : { whiteSpace: "nowrap" }}>
        {shown}
      </Code>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : `Copy ${label}`} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? "teal" : "gray"}
              size="sm"
              aria-label={`Copy ${label}`}
              onClick={(event) => {
                event.stopPropagation();
                copy();
              }}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
