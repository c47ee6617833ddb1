// The catalog's group form and the requests it becomes.
import { MIN_REASON_LENGTH } from "@/components/ConfirmDialog";

import type { BackupGroup, BackupGroupCreate, BackupGroupPatch } from "./types";

export interface GroupForm {
  name: string;
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string;
  passwordRef: string;
  reason: string;
}

/** The password reference variable prefix: the server hands out no other variable. */
export const PASSWORD_ENV_PREFIX = "LIFEBOAT_REPO_PASSWORD_";
// The forms the server accepts: env:LIFEBOAT_REPO_PASSWORD_<NAME>, or
// file: and an absolute, normalised path (no '.', '..' or empty component, no control character).
// Whether a file: path is inside the server's LIFEBOAT_SECRETS_DIR only the server can tell.
export const PASSWORD_REF_PATTERN =
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  /^(?:env:LIFEBOAT_REPO_PASSWORD_[A-Za-z0-9_]{1,100}|file:(?:\/(?!\.\.?(?:\/|$))[^/\u0000-\u001f]+)+)$/;
export const PASSWORD_REF_HINT =
  "env:LIFEBOAT_REPO_PASSWORD_<NAME> or file:/absolute/path inside the server's secrets directory (LIFEBOAT_SECRETS_DIR) — a reference, never the password";
export const PASSWORD_REF_MAX_LENGTH = 1100;
// A prefix scopes the consumers' credentials: never empty, never a wildcard (as the API validates it).
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const PREFIX_PATTERN = /^[^\u0000-\u001f*?$]{1,1024}$/;
export const PREFIX_HINT = "required, without '*', '?' or '$' (restore credentials are scoped to it), e.g. eu/postgres";
export const GROUP_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What is wrong with a password reference, in the operator's terms; undefined when it has a form the server accepts. */
export function passwordRefProblem(ref: string): string | undefined {
  if (ref.length <= PASSWORD_REF_MAX_LENGTH && PASSWORD_REF_PATTERN.test(ref)) return undefined;
  if (ref.startsWith("env:")) return `env: may only name a variable ${PASSWORD_ENV_PREFIX}<NAME> (letters, digits, '_')`;
  if (ref.startsWith("file:")) {
    return "file: needs an absolute, normalised path (no '.', '..' or '//') inside the server's secrets directory (LIFEBOAT_SECRETS_DIR)";
  }
  return PASSWORD_REF_HINT;
}

/** What is wrong with a repository prefix; undefined when the server accepts it. */
export function prefixProblem(prefix: string): string | undefined {
  if (PREFIX_PATTERN.test(prefix)) return undefined;
  if (prefix === "") return "required: a group never covers the whole bucket";
  if (/[*?$]/.test(prefix)) return "may not contain '*', '?' or '$': restore credentials are scoped to the prefix";
  return prefix.length > 1024 ? "at most 1024 characters" : "no control characters";
}

export function groupToForm(group: BackupGroup | null): GroupForm {
  return {
    name: group?.name ?? "",
    bucket: group?.repository.bucket ?? "",
    prefix: group?.repository.prefix ?? "",
    region: group?.repository.region ?? "",
    endpoint: group?.repository.endpoint ?? "",
    passwordRef: group?.password_ref ?? "",
    reason: "",
  };
}

/** Field problems the operator can fix before sending (the API checks again). */
export function groupFormErrors(form: GroupForm): Partial<Record<keyof GroupForm, string>> {
  const errors: Partial<Record<keyof GroupForm, string>> = {};
  if (form.name !== "" && !GROUP_NAME_PATTERN.test(form.name)) errors.name = "lowercase letters, digits, '.', '_' and '-'";
  if (form.bucket !== "" && !BUCKET_PATTERN.test(form.bucket)) errors.bucket = "not a valid S3 bucket name";
  // An empty prefix is flagged once a bucket is chosen (the whole bucket is never a group's).
  const prefix = prefixProblem(form.prefix);
  if (prefix && (form.prefix !== "" || form.bucket !== "")) errors.prefix = prefix;
  const passwordRef = form.passwordRef === "" ? undefined : passwordRefProblem(form.passwordRef);
  if (passwordRef) errors.passwordRef = passwordRef;
  if (form.endpoint.trim() !== "" && !/^https?:\/\/\S{4,}$/.test(form.endpoint.trim())) errors.endpoint = "an http(s) URL";
  return errors;
}

function ready(form: GroupForm): boolean {
  return (
    form.name !== "" &&
    form.bucket !== "" &&
    form.prefix !== "" &&
    form.passwordRef !== "" &&
    form.reason.trim().length >= MIN_REASON_LENGTH &&
    Object.keys(groupFormErrors(form)).length === 0
  );
}

export function groupCreateRequest(form: GroupForm): BackupGroupCreate | null {
  if (!ready(form)) return null;
  return {
    name: form.name,
    bucket: form.bucket,
    prefix: form.prefix,
    region: form.region.trim() === "" ? null : form.region.trim(),
    endpoint: form.endpoint.trim() === "" ? null : form.endpoint.trim(),
    password_ref: form.passwordRef,
    reason: form.reason.trim(),
  };
}

/** Only what changed (the PATCH leaves absent fields alone; an emptied region/endpoint is cleared). */
export function groupPatchRequest(group: BackupGroup, form: GroupForm): BackupGroupPatch | null {
  if (!ready(form)) return null;
  const patch: BackupGroupPatch = { reason: form.reason.trim() };
  const region = form.region.trim() === "" ? null : form.region.trim();
  const endpoint = form.endpoint.trim() === "" ? null : form.endpoint.trim();
  if (form.bucket !== group.repository.bucket) patch.bucket = form.bucket;
  if (form.prefix !== group.repository.prefix) patch.prefix = form.prefix;
  if (region !== group.repository.region) patch.region = region;
  if (endpoint !== group.repository.endpoint) patch.endpoint = endpoint;
  if (form.passwordRef !== group.password_ref) patch.password_ref = form.passwordRef;
  return Object.keys(patch).length > 1 ? patch : null;
}
