// Who may change restore control: declarations and the catalog are admin-only on the API
// (restore:manage, backups:manage); the UI hides what the API would refuse. The API still decides.
import type { Principal } from "@/api/types";

export function canManageRestore(principal: Principal | undefined): boolean {
  if (!principal) return false;
  return principal.is_admin || principal.bindings.some((binding) => binding.role === "admin");
}
