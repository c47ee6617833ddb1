import {
  IconAdjustments,
  IconBuildingWarehouse,
  IconDashboard,
  IconDatabaseImport,
  IconGitCompare,
  IconListCheck,
  IconListDetails,
  IconServer2,
  IconSettings,
  IconShieldHalf,
} from "@tabler/icons-react";
import type { ComponentType } from "react";

export interface NavSection {
  /** Used in data-testid="nav-<key>". */
  key: string;
  label: string;
  to: "/" | "/tenants" | "/fleet" | "/jobs" | "/config" | "/drift" | "/dr" | "/restore" | "/audit" | "/settings";
  icon: ComponentType<{ size?: number; stroke?: number }>;
  exact?: boolean;
}

export const NAV_SECTIONS: NavSection[] = [
  { key: "overview", label: "Overview", to: "/", icon: IconDashboard, exact: true },
  { key: "tenants", label: "Tenants & Placement", to: "/tenants", icon: IconBuildingWarehouse },
  { key: "fleet", label: "Fleet", to: "/fleet", icon: IconServer2 },
  { key: "jobs", label: "Jobs", to: "/jobs", icon: IconListCheck },
  { key: "config", label: "Config", to: "/config", icon: IconAdjustments },
  { key: "drift", label: "Drift", to: "/drift", icon: IconGitCompare },
  { key: "dr", label: "DR", to: "/dr", icon: IconShieldHalf },
  { key: "restore", label: "Restore", to: "/restore", icon: IconDatabaseImport },
  { key: "audit", label: "Audit log", to: "/audit", icon: IconListDetails },
  { key: "settings", label: "Settings", to: "/settings", icon: IconSettings },
];

