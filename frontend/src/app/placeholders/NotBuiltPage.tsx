import { Text } from "@mantine/core";
import { IconHammer } from "@tabler/icons-react";

import { EmptyState } from "@/components/EmptyState";
import { PageHeader } from "@/components/PageHeader";

import { PLANNED_SECTIONS, type PlannedSectionKey } from "./sections";

/** A section that exists in the navigation but not yet in the product. */
export function NotBuiltPage({ section }: { section: PlannedSectionKey }) {
  const planned = PLANNED_SECTIONS[section];
  return (
    <>
      <PageHeader title={planned.title} />
      <EmptyState title="Not built yet" icon={<IconHammer size={26} />}>
        <Text size="sm">{planned.summary}</Text>
        <Text size="xs" mt="xs">
          This page shows real data only; it stays empty until that part of Lifeboat exists.
        </Text>
      </EmptyState>
    </>
  );
}
