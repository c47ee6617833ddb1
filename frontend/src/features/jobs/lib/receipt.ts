// The receipt endpoint serves the stored JSON document as is; its schema only says "a JSON body",
// so the summary the page shows is read from it with guards, never assumed.

export interface ReceiptSummary {
  status: string;
  finishedAt: string | null;
  effectsDone: string[];
  effectsNotDone: string[];
  effectsUnknown: string[];
  effectsCompensated: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The receipt's outcome, or null when the body is not a receipt. */
export function summarizeReceipt(value: unknown): ReceiptSummary | null {
  if (!isRecord(value) || typeof value.status !== "string" || typeof value.job_id !== "string") return null;
  return {
    status: value.status,
    finishedAt: typeof value.finished_at === "string" ? value.finished_at : null,
    effectsDone: strings(value.effects_done),
    effectsNotDone: strings(value.effects_not_done),
    effectsUnknown: strings(value.effects_unknown),
    effectsCompensated: strings(value.effects_compensated),
  };
}
