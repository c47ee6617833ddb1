import { Tabs, Text, Tooltip } from "@mantine/core";
import { IconBook2, IconDatabaseImport, IconHeartbeat, IconHistory, IconPlugConnected } from "@tabler/icons-react";
import { Outlet, useNavigate, useRouterState } from "@tanstack/react-router";

import { PageHeader } from "@/components/PageHeader";

// Each tab is its own URL, so a link to a tab (and its filters) can be shared.
const TABS = [
  { value: "replicas", label: "Replicas", to: "/restore/replicas", icon: IconDatabaseImport },
  { value: "consumers", label: "Consumers", to: "/restore/consumers", icon: IconPlugConnected },
  { value: "catalog", label: "Catalog", to: "/restore/catalog", icon: IconBook2 },
  { value: "health", label: "Health", to: "/restore/health", icon: IconHeartbeat },
  { value: "runs", label: "Runs", to: "/restore/runs", icon: IconHistory },
] as const;

type TabValue = (typeof TABS)[number]["value"];

function activeTab(pathname: string): TabValue {
  return TABS.find((tab) => pathname.startsWith(tab.to))?.value ?? "replicas";
}

export function RestoreLayout() {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const navigate = useNavigate();
  const active = activeTab(pathname);
  return (
    <>
      <PageHeader
        title="Restore"
        description={
          <>
            Which consumers keep restores of which backups (declarations), what each consumer can serve, the backup
            catalog they restore from, restore health per server and every restore run.{" "}
            <Tooltip
              multiline
              w={360}
              withArrow
              label="A declaration is both the consumer's work item and its authorisation for read-only credentials. One the consumer cannot serve is a gap: it is never put on its worklist."
            >
              <Text span size="sm" td="underline" style={{ textDecorationStyle: "dotted", cursor: "help" }}>
                How declarations work
              </Text>
            </Tooltip>
          </>
        }
      />
      <Tabs
        value={active}
        onChange={(value) => {
          const tab = TABS.find((entry) => entry.value === value);
          if (tab) void navigate({ to: tab.to });
        }}
        mb="md"
        keepMounted={false}
      >
        <Tabs.List aria-label="Restore sections">
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} />} data-testid={`restore-tab-${tab.value}`}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
