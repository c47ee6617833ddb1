// The route tree (code-based, fully typed). Pages are split per route; the shell is eager.
import type { QueryClient } from "@tanstack/react-query";
import {
  Outlet,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from "@tanstack/react-router";

import { createAppQueryClient } from "@/api/query";
import { isUnauthenticated, meQueryOptions } from "@/api/session";
import { NotBuiltPage } from "@/app/placeholders/NotBuiltPage";
import type { PlannedSectionKey } from "@/app/placeholders/sections";
import { AppLayout } from "@/app/shell/AppLayout";
import { SettingsLayout } from "@/app/shell/SettingsLayout";

import { parseAuditSearch } from "@/features/audit/api/filters";
import { parseJobsSearch } from "@/features/jobs/api/filters";
import { parseCatalogSearch } from "@/features/restore/catalog/api/search";
import { parseHealthSearch } from "@/features/restore/health/api/search";
import { parseReplicasSearch } from "@/features/restore/replicas/api/search";
import { parseRunsSearch } from "@/features/restore/runs/api/search";
import { parseTenantsSearch } from "@/features/tenants/api/search";
import { NotFound, RouteError, SessionError } from "./RouteError";

export interface RouterContext {
  queryClient: QueryClient;
}

export interface LoginSearch {
  /** Where to go after signing in (a same-origin path). */
  redirect?: string;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: (raw: Record<string, unknown>): LoginSearch =>
    typeof raw.redirect === "string" && raw.redirect !== "" ? { redirect: raw.redirect } : {},
  component: lazyRouteComponent(() => import("@/features/auth/routes/LoginPage"), "LoginPage"),
});

/** Everything behind the session: loads the principal first, or goes to /login keeping the target. */
const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "_authed",
  beforeLoad: async ({ context, location }) => {
    try {
      const me = await context.queryClient.ensureQueryData(meQueryOptions);
      return { me };
    } catch (error) {
      if (isUnauthenticated(error)) {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's redirect protocol
        throw redirect({ to: "/login", search: { redirect: location.href } });
      }
      throw error;
    }
  },
  component: AppLayout,
  errorComponent: SessionError,
});

const overviewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "/",
  component: lazyRouteComponent(() => import("@/features/overview/routes/OverviewPage"), "OverviewPage"),
});

function plannedRoute<TPath extends string>(path: TPath, section: PlannedSectionKey) {
  return createRoute({
    getParentRoute: () => authedRoute,
    path,
    component: () => <NotBuiltPage section={section} />,
  });
}

const tenantsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "tenants",
  validateSearch: parseTenantsSearch,
  component: lazyRouteComponent(() => import("@/features/tenants/routes/TenantsPage"), "TenantsPage"),
});

const tenantDetailRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "tenants/$tenantId",
  component: lazyRouteComponent(() => import("@/features/tenants/routes/TenantDetailPage"), "TenantDetailPage"),
});

const fleetRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "fleet",
  component: lazyRouteComponent(() => import("@/features/fleet/routes/FleetPage"), "FleetPage"),
});
const jobsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "jobs",
  validateSearch: parseJobsSearch,
  component: lazyRouteComponent(() => import("@/features/jobs/routes/JobsPage"), "JobsPage"),
});

const jobDetailRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "jobs/$jobId",
  component: lazyRouteComponent(() => import("@/features/jobs/routes/JobDetailPage"), "JobDetailPage"),
});
const configRoute = plannedRoute("config", "config");
const driftRoute = plannedRoute("drift", "drift");
const drRoute = plannedRoute("dr", "dr");

// Restore: one URL per tab (shareable), filters in the search params.
const restoreRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "restore",
  component: lazyRouteComponent(() => import("@/features/restore/routes/RestoreLayout"), "RestoreLayout"),
});

const restoreIndexRoute = createRoute({
  getParentRoute: () => restoreRoute,
  path: "/",
  beforeLoad: () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's redirect protocol
    throw redirect({ to: "/restore/replicas", replace: true });
  },
});

const restoreReplicasRoute = createRoute({
  getParentRoute: () => restoreRoute,
  path: "replicas",
  validateSearch: parseReplicasSearch,
  component: lazyRouteComponent(() => import("@/features/restore/replicas/routes/ReplicasTab"), "ReplicasTab"),
});

const restoreConsumersRoute = createRoute({
  getParentRoute: () => restoreRoute,
  path: "consumers",
  component: lazyRouteComponent(() => import("@/features/restore/consumers/routes/ConsumersTab"), "ConsumersTab"),
});

const restoreCatalogRoute = createRoute({
  getParentRoute: () => restoreRoute,
  path: "catalog",
  validateSearch: parseCatalogSearch,
  component: lazyRouteComponent(() => import("@/features/restore/catalog/routes/CatalogTab"), "CatalogTab"),
});

const restoreHealthRoute = createRoute({
  getParentRoute: () => restoreRoute,
  path: "health",
  validateSearch: parseHealthSearch,
  component: lazyRouteComponent(() => import("@/features/restore/health/routes/HealthTab"), "HealthTab"),
});

const restoreRunsRoute = createRoute({
  getParentRoute: () => restoreRoute,
  path: "runs",
  validateSearch: parseRunsSearch,
  component: lazyRouteComponent(() => import("@/features/restore/runs/routes/RunsTab"), "RunsTab"),
});

// A run's page stands on its own (decision first, no tab bar above it).
const restoreRunDetailRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "restore/runs/$runId",
  component: lazyRouteComponent(() => import("@/features/restore/runs/routes/RunDetailPage"), "RunDetailPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "audit",
  validateSearch: parseAuditSearch,
  component: lazyRouteComponent(() => import("@/features/audit/routes/AuditPage"), "AuditPage"),
});

const settingsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: "settings",
  component: SettingsLayout,
});

const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  beforeLoad: () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's redirect protocol
    throw redirect({ to: "/settings/tokens", replace: true });
  },
});

const tokensRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "tokens",
  component: lazyRouteComponent(() => import("@/features/tokens/routes/TokensPage"), "TokensPage"),
});

const usersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "users",
  component: () => <NotBuiltPage section="users" />,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  authedRoute.addChildren([
    overviewRoute,
    tenantsRoute,
    tenantDetailRoute,
    fleetRoute,
    jobsRoute,
    jobDetailRoute,
    configRoute,
    driftRoute,
    drRoute,
    restoreRoute.addChildren([
      restoreIndexRoute,
      restoreReplicasRoute,
      restoreConsumersRoute,
      restoreCatalogRoute,
      restoreHealthRoute,
      restoreRunsRoute,
    ]),
    restoreRunDetailRoute,
    auditRoute,
    settingsRoute.addChildren([settingsIndexRoute, tokensRoute, usersRoute]),
  ]),
]);

export const queryClient = createAppQueryClient();

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  // TanStack Query owns caching; the router always asks it.
  defaultPreloadStaleTime: 0,
  defaultErrorComponent: RouteError,
  defaultNotFoundComponent: NotFound,
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
