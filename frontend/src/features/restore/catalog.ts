// The catalog's group form and the requests it becomes.
import { MIN_REASON_LENGTH } from "@/components/ConfirmDialog";

import type { BackupGroup, BackupGroupCreate, BackupGroupPatch } from "./api";

export interface GroupForm {
  name: string;
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string;
  passwordRef: string;
  reason: string;
}

export const PASSWORD_REF_PATTERN = /^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:\/[^\0]{1,1023})$/;
export const GROUP_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

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
  if (form.passwordRef !== "" && !PASSWORD_REF_PATTERN.test(form.passwordRef)) {
    errors.passwordRef = "env:VAR_NAME or file:/absolute/path — a reference, never the password";
  }
  if (form.endpoint.trim() !== "" && !/^https?:\/\/\S{4,}$/.test(form.endpoint.trim())) errors.endpoint = "an http(s) URL";
  return errors;
}

function ready(form: GroupForm): boolean {
  return (
    form.name !== "" &&
    form.bucket !== "" &&
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
