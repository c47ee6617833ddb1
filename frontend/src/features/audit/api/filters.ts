// The audit filters live in the URL (deep-linkable during an incident). This module is the
// one mapping between the URL's search params, the filter form and the API query.
import type { AuditQuery } from "./types";

export const AUDIT_TEXT_FILTERS = ["actor", "action", "target", "correlation_id"] as const;
export const AUDIT_TIME_FILTERS = ["since", "until"] as const;

type TextFilter = (typeof AUDIT_TEXT_FILTERS)[number];
type TimeFilter = (typeof AUDIT_TIME_FILTERS)[number];
export type AuditFilterKey = TextFilter | TimeFilter;

/** Search params of /audit: every key optional; times are RFC 3339 UTC ("2026-11-22T05:00:00Z"). */
export type AuditSearch = Partial<Record<AuditFilterKey, string>>;

/** The filter form's state: plain strings; times as `datetime-local` values read as UTC. */
export type AuditFilterForm = Record<AuditFilterKey, string>;

export const PAGE_SIZE = 50;

/** RFC 3339 UTC without milliseconds, or null when the text is not a time. */
export function normalizeTime(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  // A time without an offset is taken as UTC: the UI speaks UTC everywhere.
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.000Z$/, "Z");
}

function text(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** validateSearch for /audit: keeps known, non-empty, well-formed filters; drops the rest. */
export function parseAuditSearch(raw: Record<string, unknown>): AuditSearch {
  const search: AuditSearch = {};
  for (const key of AUDIT_TEXT_FILTERS) {
    const value = text(raw[key]);
    if (value !== null) search[key] = value;
  }
  for (const key of AUDIT_TIME_FILTERS) {
    const value = text(raw[key]);
    const time = value === null ? null : normalizeTime(value);
    if (time !== null) search[key] = time;
  }
  return search;
}

/** The API query for a set of filters (pagination is added by the caller). */
export function auditSearchToQuery(search: AuditSearch): AuditQuery {
  const query: AuditQuery = { limit: PAGE_SIZE };
  for (const key of [...AUDIT_TEXT_FILTERS, ...AUDIT_TIME_FILTERS]) {
    const value = search[key];
    if (value !== undefined) query[key] = value;
  }
  return query;
}

/** "2026-11-22T05:00:00Z" -> "2026-11-22T05:00" (a datetime-local value, in UTC). */
function toLocalInput(value: string | undefined): string {
  if (!value) return "";
  const time = normalizeTime(value);
  return time ? time.slice(0, 16) : "";
}

export function auditSearchToForm(search: AuditSearch): AuditFilterForm {
  return {
    actor: search.actor ?? "",
    action: search.action ?? "",
    target: search.target ?? "",
    correlation_id: search.correlation_id ?? "",
    since: toLocalInput(search.since),
    until: toLocalInput(search.until),
  };
}

export function formToAuditSearch(form: AuditFilterForm): AuditSearch {
  return parseAuditSearch(form);
}

export function hasFilters(search: AuditSearch): boolean {
  return Object.keys(search).length > 0;
}
