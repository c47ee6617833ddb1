// Restore evidence is written by a restore consumer, so the SPA never lets the browser render it:
// it is read with fetch and shown as text (JSON pretty-printed), or saved through a Blob of type
// application/octet-stream. Nothing ever navigates to the content URL (no link, no new tab).
import { client } from "@/api/client";
import { ApiCallError, describeError } from "@/api/problem";

import type { RunEvidence } from "@/features/restore/runs/lib/decision";

/** How a snapshot is shown: a JSON viewer, plain text, or only a download. */
export type EvidenceView = "json" | "text" | "download";

/** Evidence shown inline is cut here (the download has every byte). */
export const EVIDENCE_PREVIEW_CHARS = 256 * 1024;

function mediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/** JSON and text are shown in the page; everything else (octet-stream, legacy types) is a download. */
export function evidenceView(contentType: string): EvidenceView {
  const type = mediaType(contentType);
  if (type === "application/json") return "json";
  if (type === "text/plain") return "text";
  return "download";
}

/** The download name, as the server's Content-Disposition names it. */
export function evidenceFileName(evidence: Pick<RunEvidence, "id" | "content_type">): string {
  const view = evidenceView(evidence.content_type);
  const extension = view === "json" ? "json" : view === "text" ? "txt" : "bin";
  return `evidence-${evidence.id}.${extension}`;
}

export interface EvidenceText {
  /** What to show: pretty-printed JSON, or the text itself (cut at EVIDENCE_PREVIEW_CHARS). */
  text: string;
  /** True when the JSON view could not parse the bytes and shows them as text instead. */
  invalidJson: boolean;
  truncated: boolean;
}

/** The text of a snapshot for the viewer (React renders it as text, never as markup). */
export function evidenceText(view: Exclude<EvidenceView, "download">, raw: string): EvidenceText {
  let text = raw;
  let invalidJson = false;
  if (view === "json") {
    try {
      text = JSON.stringify(JSON.parse(raw), null, 2);
    } catch {
      invalidJson = true;
    }
  }
  const truncated = text.length > EVIDENCE_PREVIEW_CHARS;
  return { text: truncated ? text.slice(0, EVIDENCE_PREVIEW_CHARS) : text, invalidJson, truncated };
}

/** The stored bytes of a snapshot, read with fetch (the session cookie goes along). */
export async function fetchEvidence(evidence: Pick<RunEvidence, "id" | "run_id">, signal?: AbortSignal): Promise<Blob> {
  const { data, error, response } = await client.GET("/api/v1/restore/runs/{run_id}/evidence/{evidence_id}/content", {
    params: { path: { run_id: evidence.run_id, evidence_id: evidence.id } },
    parseAs: "blob",
    signal,
  });
  if (data) return data;
  throw new ApiCallError(describeError(error, response));
}

/**
 * Saves bytes as a file. The Blob is always application/octet-stream: a blob: URL has this app's
 * origin, so it must never hold something a browser would render as a page.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: "application/octet-stream" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches a snapshot and saves it under its download name. */
export async function downloadEvidence(evidence: Pick<RunEvidence, "id" | "run_id" | "content_type">): Promise<void> {
  saveBlob(await fetchEvidence(evidence), evidenceFileName(evidence));
}
