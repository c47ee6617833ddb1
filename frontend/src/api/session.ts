// The session's principal: the authenticated layout loads it before rendering, so every page
// reads it from the cache. The API still decides what a principal may do.
import { useQuery } from "@tanstack/react-query";

import { errorStatus } from "./problem";
import { $api } from "./query";

/** The signed-in principal (GET /api/v1/auth/me). */
export const meQueryOptions = $api.queryOptions("get", "/api/v1/auth/me", undefined, { staleTime: 60_000 });

export function isUnauthenticated(error: unknown): boolean {
  return errorStatus(error) === 401;
}

/** The signed-in principal, for pages that show or hide what it may do. */
export function usePrincipal() {
  return useQuery(meQueryOptions);
}
