import type { PlacementView } from "@/features/tenants/api/types";

/** Where the placement maps were read from, as both tenant pages show it. */
export const SOURCE_LABELS: Record<PlacementView["source"], { label: string; color: string; help: string }> = {
  kv: { label: "NATS KV", color: "teal", help: "Live placement maps (revisioned, compare-and-set)." },
  file: { label: "Placement file", color: "yellow", help: "Read-only development fallback: NATS KV is not reachable." },
  none: { label: "No source", color: "red", help: "Neither NATS KV nor a placement file answered yet." },
};
