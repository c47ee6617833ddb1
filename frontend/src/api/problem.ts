// Turns whatever a failed call produced (a problem+json body, a non-JSON body, a network
// failure) into one view the UI can show: title, detail, field errors and the request id.
import type { FieldError, Problem } from "./types";

export interface ErrorView {
  title: string;
  detail: string;
  status: number | null;
  type: string | null;
  requestId: string | null;
  errors: FieldError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === "string" && typeof value.message === "string";
}

/** True when the value has the shape of the API's problem+json body. */
export function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.type === "string" &&
    typeof value.title === "string" &&
    typeof value.status === "number" &&
    typeof value.detail === "string" &&
    typeof value.request_id === "string"
  );
}

/** The HTTP status carried by an error, when it has one. */
export function errorStatus(error: unknown): number | null {
  if (isProblem(error)) return error.status;
  if (error instanceof ApiCallError) return error.view.status;
  return null;
}

/** Thrown by hand-written query/mutation functions that need the Response (e.g. Retry-After). */
export class ApiCallError extends Error {
  readonly view: ErrorView;
  readonly retryAfterSeconds: number | null;

  constructor(view: ErrorView, retryAfterSeconds: number | null = null) {
    super(view.detail || view.title);
    this.name = "ApiCallError";
    this.view = view;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or null. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** One view of any error value; `response` adds the status when the body had none. */
export function describeError(error: unknown, response?: Response): ErrorView {
  if (error instanceof ApiCallError) return error.view;
  if (isProblem(error)) {
    return {
      title: error.title,
      detail: error.detail,
      status: error.status,
      type: error.type,
      requestId: error.request_id || null,
      errors: (error.errors ?? []).filter(isFieldError),
    };
  }
  const status = response ? response.status : null;
  const requestId = response?.headers.get("x-request-id") ?? null;
  if (error instanceof TypeError) {
    return {
      title: "Cannot reach the Lifeboat API",
      detail: `The request did not complete (${error.message}). Check the network and that the API is running.`,
      status: null,
      type: null,
      requestId: null,
      errors: [],
    };
  }
  if (error instanceof Error) {
    return { title: "Unexpected error", detail: error.message, status, type: null, requestId, errors: [] };
  }
  const detail = typeof error === "string" && error.trim() !== "" ? error.trim().slice(0, 500) : "The server answered without details.";
  return {
    title: status ? `Request failed (HTTP ${status})` : "Request failed",
    detail,
    status,
    type: null,
    requestId,
    errors: [],
  };
}
