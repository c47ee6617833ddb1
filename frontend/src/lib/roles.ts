import type { Principal, Role } from "@/api/types";

/** Labels for every role the API knows; Record<Role, …> fails the build when a role is added. */
export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer",
  operator: "Operator",
  admin: "Admin",
  "restore-consumer": "Restore consumer",
  "backup-agent": "Backup agent",
};

export const ROLES: Role[] = ["viewer", "operator", "admin", "restore-consumer", "backup-agent"];

/** "admin @ *", "operator @ prod" */
export function describeBindings(principal: Principal): string[] {
  return principal.bindings.map((binding) => `${binding.role} @ ${binding.environment}`);
}

/** True when the principal may start operations (operator or admin in some environment); the API still decides. */
export function canOperate(principal: Principal | undefined): boolean {
  if (!principal) return false;
  return principal.is_admin || principal.bindings.some((binding) => binding.role === "admin" || binding.role === "operator");
}
