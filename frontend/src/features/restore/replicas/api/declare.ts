// The declare dialog's form and the request it becomes (null while something is missing).
import { MIN_REASON_LENGTH } from "@/components/ConfirmDialog";

import { CUSTOM_VALUE, isSlug } from "@/features/restore/shared/lib/intents";
import type { ReplicaCreate } from "./types";

export interface DeclareForm {
  consumerId: string;
  group: string;
  /** "" = the whole group (every live server). */
  server: string;
  /** A backup type, or CUSTOM_VALUE with `customBackupType`. */
  backupType: string;
  customBackupType: string;
  /** An intent, or CUSTOM_VALUE with `customIntent`. */
  intent: string;
  customIntent: string;
  enabled: boolean;
  notes: string;
  /** Seconds a verified restore stays fresh (past it the server is overdue). */
  freshnessTargetS: number;
  reason: string;
}

/** The freshness targets offered in the dialog (the API takes any value from 60 s to a year). */
export const FRESHNESS_CHOICES: { value: number; label: string }[] = [
  { value: 24 * 3600, label: "1 day" },
  { value: 3 * 24 * 3600, label: "3 days" },
  { value: 7 * 24 * 3600, label: "7 days (default)" },
  { value: 14 * 24 * 3600, label: "14 days" },
  { value: 30 * 24 * 3600, label: "30 days" },
];
export const DEFAULT_FRESHNESS_TARGET_S = 7 * 24 * 3600;

export const EMPTY_DECLARE_FORM: DeclareForm = {
  consumerId: "",
  group: "",
  server: "",
  backupType: "",
  customBackupType: "",
  intent: "",
  customIntent: "",
  enabled: true,
  notes: "",
  freshnessTargetS: DEFAULT_FRESHNESS_TARGET_S,
  reason: "",
};

/** The backup type the form means ("" while none is chosen or the custom one is not a slug yet). */
export function chosenBackupType(form: DeclareForm): string {
  const value = form.backupType === CUSTOM_VALUE ? form.customBackupType.trim() : form.backupType;
  return isSlug(value) ? value : "";
}

/** The intent the form means ("" while none is chosen or the custom one is not a slug yet). */
export function chosenIntent(form: DeclareForm): string {
  const value = form.intent === CUSTOM_VALUE ? form.customIntent.trim() : form.intent;
  return isSlug(value) ? value : "";
}

/** POST /api/v1/restore/replicas body, or null while the form is incomplete. */
export function declarationRequest(form: DeclareForm): ReplicaCreate | null {
  const backupType = chosenBackupType(form);
  const intent = chosenIntent(form);
  const reason = form.reason.trim();
  if (!form.consumerId || !form.group || !backupType || !intent || reason.length < MIN_REASON_LENGTH) return null;
  return {
    consumer_id: form.consumerId,
    group: form.group,
    server: form.server === "" ? null : form.server,
    backup_type: backupType,
    intent,
    enabled: form.enabled,
    notes: form.notes.trim(),
    freshness_target_s: form.freshnessTargetS,
    reason,
  };
}
