// What the declare dialog predicts before the API answers: which intents the chosen consumer
// serves for the chosen backup type. It mirrors the API's gap rule (the server's
// capability_gap) so an operator sees the gap before declaring; the API stays the judge.
import type { Capability } from "@/features/restore/shared/api/restore";

export const KNOWN_INTENTS = ["verify", "analytics", "disaster-recovery"] as const;
export type KnownIntent = (typeof KNOWN_INTENTS)[number];

export const INTENT_LABELS: Record<KnownIntent, string> = {
  verify: "Verify",
  analytics: "Analytics",
  "disaster-recovery": "Disaster recovery",
};

/** The select value that asks for a custom intent (or backup type) typed by the operator. */
export const CUSTOM_VALUE = "__custom__";

/** Intents and backup types are open slugs on the API (the API's SLUG_PATTERN). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Backup types offered even before any consumer or backup agent has named one. */
export const DEFAULT_BACKUP_TYPES = ["postgres", "files"] as const;

export function isSlug(value: string): boolean {
  return SLUG_PATTERN.test(value);
}

export function isKnownIntent(intent: string): intent is KnownIntent {
  return KNOWN_INTENTS.some((known) => known === intent);
}

export function intentLabel(intent: string): string {
  return isKnownIntent(intent) ? INTENT_LABELS[intent] : intent;
}

/** What the dialog knows about a consumer: its name, whether it registered, and what. */
export interface ConsumerCapabilities {
  name: string;
  registered: boolean;
  capabilities: readonly Capability[];
}

/**
 * Why a declaration of `intent` for `backupType` would be a gap for this consumer, or null when
 * the consumer serves it. An empty `backupType` checks the intent alone.
 */
export function predictGap(consumer: ConsumerCapabilities, intent: string, backupType: string): string | null {
  if (!consumer.registered) return `${consumer.name} has not registered its capabilities`;
  const capability = consumer.capabilities.find((entry) => entry.intent === intent);
  if (!capability) return `not supported by ${consumer.name}`;
  if (backupType !== "" && !capability.backup_types.includes(backupType)) {
    return `${consumer.name} serves ${intent} only for ${capability.backup_types.join(", ")}`;
  }
  return null;
}

export interface IntentOption {
  value: string;
  label: string;
  /** Why it would be a gap, or null. */
  gap: string | null;
}

/**
 * The intent picker's options: the known intents, then any other intent the consumer registered,
 * then "Custom…"; each the consumer cannot serve says so and that it will show as a gap.
 */
export function intentOptions(consumer: ConsumerCapabilities | null, backupType: string): IntentOption[] {
  const registered = consumer?.capabilities.map((entry) => entry.intent) ?? [];
  const values = [...KNOWN_INTENTS, ...registered.filter((intent) => !isKnownIntent(intent)).sort()];
  const options = values.map((value) => {
    const gap = consumer ? predictGap(consumer, value, backupType) : null;
    const label = gap ? `${intentLabel(value)} — ${gap} — will show as a gap` : intentLabel(value);
    return { value, label, gap };
  });
  return [...options, { value: CUSTOM_VALUE, label: "Custom…", gap: null }];
}

/** Backup types to offer: the defaults, every type a consumer registered and those already declared. */
export function backupTypeOptions(consumers: readonly ConsumerCapabilities[], declared: readonly string[]): string[] {
  const types = new Set<string>(DEFAULT_BACKUP_TYPES);
  for (const consumer of consumers) {
    for (const capability of consumer.capabilities) for (const type of capability.backup_types) types.add(type);
  }
  for (const type of declared) types.add(type);
  return [...types].sort();
}
