import {
  ActionIcon,
  Badge,
  Burger,
  Button,
  Group,
  Loader,
  Menu,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { IconDeviceDesktop, IconLifebuoy, IconLogout, IconMoon, IconSearch, IconSun, IconUser } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useRouter } from "@tanstack/react-router";
import { useState } from "react";

import { client } from "@/api/client";
import { $api } from "@/api/query";
import { meQueryOptions } from "@/api/session";
import { describeBindings } from "@/lib/roles";

import { useLogout } from "@/features/auth/api/session";
import { resolveSearch, type SearchLookups, type SearchResult } from "@/features/jobs/api/search";

function environmentColor(environment: string): string {
  const name = environment.toLowerCase();
  if (name.startsWith("prod")) return "red";
  if (name.startsWith("stag")) return "yellow";
  return "gray";
}

function EnvironmentBadge() {
  const info = $api.useQuery("get", "/api/v1/system/info", undefined, { staleTime: 5 * 60_000 });
  if (!info.data) {
    return (
      <Badge variant="outline" color="gray" data-testid="env-badge">
        {info.isError ? "env unknown" : "…"}
      </Badge>
    );
  }
  return (
    <Tooltip label={`Lifeboat ${info.data.version} (${info.data.git_sha.slice(0, 12)})`} withArrow>
      <Badge variant="filled" color={environmentColor(info.data.environment)} data-testid="env-badge">
        {info.data.environment}
      </Badge>
    </Tooltip>
  );
}

const searchLookups: SearchLookups = {
  async jobExists(jobId) {
    const { data } = await client.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } });
    return data !== undefined;
  },
  async jobsByCorrelation(correlationId) {
    const { data } = await client.GET("/api/v1/jobs", {
      params: { query: { correlation_id: correlationId, limit: 20 } },
    });
    return data?.items.map((job) => job.id) ?? [];
  },
};

function GlobalSearch() {
  const navigate = useNavigate();
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const go = async () => {
    setNote(null);
    setBusy(true);
    let result: SearchResult;
    try {
      result = await resolveSearch(value, searchLookups);
    } catch {
      // The API could not be asked (network); the audit page shows that failure with details.
      result = { kind: "audit", correlationId: value.trim(), note: "The lookup failed; showing the audit log" };
    } finally {
      setBusy(false);
    }
    if (result.kind === "none") return;
    setValue("");
    if (result.kind === "job") {
      await navigate({ to: "/jobs/$jobId", params: { jobId: result.jobId } });
      return;
    }
    setNote(result.note);
    await navigate({ to: "/audit", search: { correlation_id: result.correlationId } });
  };

  return (
    <Tooltip
      label={note ?? "A job id, or a correlation or request id; Enter to go"}
      withArrow
      multiline
      w={300}
      opened={note ? true : undefined}
    >
      <TextInput
        w={320}
        placeholder="Search job, request or correlation id"
        leftSection={<IconSearch size={16} />}
        rightSection={busy ? <Loader size={14} /> : undefined}
        aria-label="Global search: a job id, or a correlation or request id"
        value={value}
        readOnly={busy}
        onChange={(event) => {
          setNote(null);
          setValue(event.currentTarget.value);
        }}
        onBlur={() => setNote(null)}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            if (!busy) void go();
          }
          if (event.key === "Escape") setNote(null);
        }}
        data-testid="global-search"
        data-busy={busy || undefined}
      />
    </Tooltip>
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: true });
  const next = computed === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} theme`} withArrow>
      <ActionIcon
        variant="default"
        size="lg"
        onClick={() => setColorScheme(next)}
        aria-label={`Switch to ${next} theme`}
        data-testid="theme-toggle"
      >
        {computed === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const me = useQuery(meQueryOptions);
  const router = useRouter();
  const { setColorScheme } = useMantineColorScheme();
  const logout = useLogout(() => void router.navigate({ to: "/login" }));
  const principal = me.data;
  return (
    <Menu position="bottom-end" width={260} withArrow>
      <Menu.Target>
        <Button variant="default" leftSection={<IconUser size={16} />} data-testid="user-menu" aria-label="User menu">
          <Text size="sm" maw={140} truncate visibleFrom="xs">
            {principal?.name ?? "…"}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Group px="sm" pb="xs" gap={6} wrap="wrap" data-testid="user-menu-identity">
          <Text size="sm" fw={600}>
            {principal?.name}
          </Text>
          {principal?.is_admin && (
            <Badge size="xs" color="red" variant="light">
              admin
            </Badge>
          )}
        </Group>
        <Menu.Label>Roles</Menu.Label>
        <Group px="sm" pb="xs" gap={4} wrap="wrap" data-testid="user-menu-roles">
          {principal && principal.bindings.length > 0 ? (
            describeBindings(principal).map((binding) => (
              <Badge key={binding} size="sm" variant="light" tt="none">
                {binding}
              </Badge>
            ))
          ) : (
            <Text size="xs" c="dimmed">
              none
            </Text>
          )}
        </Group>
        <Menu.Divider />
        <Menu.Item leftSection={<IconDeviceDesktop size={16} />} onClick={() => setColorScheme("auto")}>
          Follow system theme
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
          data-testid="logout"
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Header({ navOpened, onToggleNav }: { navOpened: boolean; onToggleNav: () => void }) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger opened={navOpened} onClick={onToggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
        <Link to="/" style={{ textDecoration: "none", color: "inherit" }}>
          <Group gap={8} wrap="nowrap">
            <ThemeIcon size={30} radius="xl" color="orange" variant="light">
              <IconLifebuoy size={20} />
            </ThemeIcon>
            <Text fw={700} size="lg">
              Lifeboat
            </Text>
          </Group>
        </Link>
        <EnvironmentBadge />
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Group visibleFrom="md">
          <GlobalSearch />
        </Group>
        <ThemeToggle />
        <UserMenu />
      </Group>
    </Group>
  );
}
