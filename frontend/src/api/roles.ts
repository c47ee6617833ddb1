import type { Principal, Role } from "./types";

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
