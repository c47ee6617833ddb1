import { AppShell, Anchor, ScrollArea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Outlet } from "@tanstack/react-router";

import { RouterNavLink } from "@/components/RouterNavLink";

import { Header } from "./Header";
import { NAV_SECTIONS } from "./sections";

export function AppLayout() {
  const [navOpened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !navOpened } }} padding="md">
      <Anchor
        href="#main"
        style={{ position: "absolute", left: -9999, top: 8, zIndex: 1000 }}
        onFocus={(event) => (event.currentTarget.style.left = "8px")}
        onBlur={(event) => (event.currentTarget.style.left = "-9999px")}
      >
        Skip to content
      </Anchor>
      <AppShell.Header>
        <Header navOpened={navOpened} onToggleNav={toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Sections">
        <AppShell.Section grow component={ScrollArea}>
          <nav>
            {NAV_SECTIONS.map((section) => (
              <RouterNavLink
                key={section.key}
                to={section.to}
                label={section.label}
                leftSection={<section.icon size={18} stroke={1.6} />}
                activeOptions={{ exact: section.exact ?? false }}
                onClick={close}
                data-testid={`nav-${section.key}`}
              />
            ))}
          </nav>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
