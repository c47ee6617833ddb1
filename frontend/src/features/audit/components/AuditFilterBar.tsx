import { Button, Group, SimpleGrid, TextInput } from "@mantine/core";
import { IconFilter, IconX } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";

import { auditSearchToForm, formToAuditSearch, hasFilters, type AuditFilterForm, type AuditSearch } from "@/features/audit/api/filters";

interface AuditFilterBarProps {
  search: AuditSearch;
  onApply: (search: AuditSearch) => void;
}

/** Edits a copy of the URL's filters; Apply (or Enter) writes them back to the URL. */
export function AuditFilterBar({ search, onApply }: AuditFilterBarProps) {
  const [form, setForm] = useState<AuditFilterForm>(() => auditSearchToForm(search));
  const set = (key: keyof AuditFilterForm) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [key]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(formToAuditSearch(form));
  };

  return (
    <form onSubmit={submit} aria-label="Audit filters" data-testid="audit-filters">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        <TextInput label="Actor" placeholder="id or name" value={form.actor} onChange={set("actor")} data-testid="audit-filter-actor" />
        <TextInput
          label="Action"
          placeholder="auth.login, token.*"
          value={form.action}
          onChange={set("action")}
          data-testid="audit-filter-action"
        />
        <TextInput label="Target" value={form.target} onChange={set("target")} data-testid="audit-filter-target" />
        <TextInput
          label="Correlation id"
          value={form.correlation_id}
          onChange={set("correlation_id")}
          data-testid="audit-filter-correlation-id"
        />
        <TextInput
          type="datetime-local"
          label="Since (UTC, inclusive)"
          value={form.since}
          onChange={set("since")}
          data-testid="audit-filter-since"
        />
        <TextInput
          type="datetime-local"
          label="Until (UTC, exclusive)"
          value={form.until}
          onChange={set("until")}
          data-testid="audit-filter-until"
        />
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit" leftSection={<IconFilter size={16} />} data-testid="audit-filter-apply">
          Apply filters
        </Button>
        <Button
          variant="default"
          leftSection={<IconX size={16} />}
          disabled={!hasFilters(search)}
          onClick={() => onApply({})}
          data-testid="audit-filter-clear"
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
