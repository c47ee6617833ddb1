// The tenants list's search lives in the URL (deep-linkable): ?q=<text>.
import type { TenantQuery } from "./types";

export const TENANTS_PAGE_SIZE = 50;

export interface TenantsSearch {
  q?: string;
}

/** validateSearch for /tenants: a trimmed, non-empty q of at most 128 characters; nothing else. */
export function parseTenantsSearch(raw: Record<string, unknown>): TenantsSearch {
  const q = typeof raw.q === "string" ? raw.q.trim().slice(0, 128) : "";
  return q ? { q } : {};
}

/** The GET /api/v1/tenants query for this search (first page; the cursor is added per page). */
export function tenantsSearchToQuery(search: TenantsSearch): TenantQuery {
  const query: TenantQuery = { limit: TENANTS_PAGE_SIZE };
  if (search.q) query.q = search.q;
  return query;
}
