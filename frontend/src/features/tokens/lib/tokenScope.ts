// Which environments the signed-in admin may issue tokens in, mirroring the server's rule
// (auth/permissions.py `administers`): admin@<env> or admin@* for an environment; `*` (every
// environment) only with admin@*. The server decides (403); this only picks a sensible default
// and warns before sending.
import type { RoleBinding } from "@/api/types";

export const ALL_ENVIRONMENTS = "*";
export const ENVIRONMENT_PATTERN = /^(\*|[a-z0-9][a-z0-9_-]{0,62})$/;

/** Whether the bindings let their holder grant or revoke access in `environment`. */
export function administers(bindings: readonly RoleBinding[], environment: string): boolean {
  return bindings.some(
    (binding) =>
      binding.role === "admin" &&
      (binding.environment === ALL_ENVIRONMENTS || (environment !== ALL_ENVIRONMENTS && binding.environment === environment)),
  );
}

/** The environments named in the caller's admin bindings ("*" first when it has admin@*). */
export function administeredEnvironments(bindings: readonly RoleBinding[]): string[] {
  const environments = [...new Set(bindings.filter((binding) => binding.role === "admin").map((binding) => binding.environment))];
  return environments.sort((a, b) => (a === ALL_ENVIRONMENTS ? -1 : b === ALL_ENVIRONMENTS ? 1 : a.localeCompare(b)));
}

/**
 * The environment a new token gets unless the admin changes it: the one this server runs in
 * (a token is most often for an agent of this environment, and never `*` by accident); when the
 * caller does not administer it, the first environment it does administer.
 */
export function defaultTokenEnvironment(serverEnvironment: string, bindings: readonly RoleBinding[]): string {
  if (administers(bindings, serverEnvironment)) return serverEnvironment;
  return administeredEnvironments(bindings).find((environment) => environment !== ALL_ENVIRONMENTS) ?? serverEnvironment;
}

/** Why the server will refuse a token in `environment` for these bindings (403), or null. */
export function environmentRefusal(bindings: readonly RoleBinding[], environment: string): string | null {
  if (administers(bindings, environment)) return null;
  const yours = administeredEnvironments(bindings);
  const where = yours.length === 0 ? "no environment" : yours.join(", ");
  if (environment === ALL_ENVIRONMENTS) return `A token for every environment (*) needs admin@*; you are admin in ${where}.`;
  return `A token in ${environment} needs admin@${environment} (or admin@*); you are admin in ${where}.`;
}
