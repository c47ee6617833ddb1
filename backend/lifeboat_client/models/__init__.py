""" Contains all the data models used in inputs/outputs """

from .api_token_create import ApiTokenCreate
from .api_token_create_role import ApiTokenCreateRole
from .api_token_created import ApiTokenCreated
from .api_token_info import ApiTokenInfo
from .api_token_info_role import ApiTokenInfoRole
from .api_token_page import ApiTokenPage
from .audit_entry import AuditEntry
from .audit_entry_details import AuditEntryDetails
from .audit_entry_outcome import AuditEntryOutcome
from .audit_page import AuditPage
from .audit_verification import AuditVerification
from .dependency_check import DependencyCheck
from .dependency_check_name import DependencyCheckName
from .engine_change import EngineChange
from .engine_state import EngineState
from .field_error import FieldError
from .fleet_reload_job_create import FleetReloadJobCreate
from .fleet_reload_params import FleetReloadParams
from .fleet_reload_params_kind_type_1 import FleetReloadParamsKindType1
from .fleet_reload_params_kind_type_2_type_1 import FleetReloadParamsKindType2Type1
from .fleet_reload_params_kind_type_3_type_1 import FleetReloadParamsKindType3Type1
from .fleet_reload_params_site_type_1 import FleetReloadParamsSiteType1
from .fleet_reload_params_site_type_2_type_1 import FleetReloadParamsSiteType2Type1
from .fleet_reload_params_site_type_3_type_1 import FleetReloadParamsSiteType3Type1
from .fleet_service import FleetService
from .fleet_service_create import FleetServiceCreate
from .fleet_service_create_kind import FleetServiceCreateKind
from .fleet_service_create_site import FleetServiceCreateSite
from .fleet_service_kind import FleetServiceKind
from .fleet_service_page import FleetServicePage
from .fleet_service_site import FleetServiceSite
from .fleet_service_update import FleetServiceUpdate
from .fleet_service_update_kind import FleetServiceUpdateKind
from .fleet_service_update_site import FleetServiceUpdateSite
from .fleet_snapshot import FleetSnapshot
from .fleet_summary import FleetSummary
from .fleet_summary_by_health import FleetSummaryByHealth
from .fleet_summary_by_kind import FleetSummaryByKind
from .fleet_summary_by_site import FleetSummaryBySite
from .gate_problem import GateProblem
from .gate_result import GateResult
from .job import Job
from .job_detail import JobDetail
from .job_page import JobPage
from .job_params import JobParams
from .job_plan import JobPlan
from .job_plan_observed_type_0 import JobPlanObservedType0
from .job_reason_body import JobReasonBody
from .job_status import JobStatus
from .job_step import JobStep
from .job_step_effect import JobStepEffect
from .job_step_status import JobStepStatus
from .list_fleet_services_kind_type_1 import ListFleetServicesKindType1
from .list_fleet_services_kind_type_2_type_1 import ListFleetServicesKindType2Type1
from .list_fleet_services_kind_type_3_type_1 import ListFleetServicesKindType3Type1
from .list_fleet_services_site_type_1 import ListFleetServicesSiteType1
from .list_fleet_services_site_type_2_type_1 import ListFleetServicesSiteType2Type1
from .list_fleet_services_site_type_3_type_1 import ListFleetServicesSiteType3Type1
from .liveness import Liveness
from .login_request import LoginRequest
from .login_response import LoginResponse
from .placement_map_view import PlacementMapView
from .placement_map_view_kind import PlacementMapViewKind
from .placement_map_view_tenants import PlacementMapViewTenants
from .placement_view import PlacementView
from .placement_view_source import PlacementViewSource
from .plan_step import PlanStep
from .principal import Principal
from .principal_kind import PrincipalKind
from .probe_job_create import ProbeJobCreate
from .probe_params import ProbeParams
from .probe_point import ProbePoint
from .problem import Problem
from .readiness import Readiness
from .readiness_status import ReadinessStatus
from .reason_body import ReasonBody
from .role_binding import RoleBinding
from .role_binding_role import RoleBindingRole
from .service_health import ServiceHealth
from .service_health_config_revisions_type_0 import ServiceHealthConfigRevisionsType0
from .service_health_health import ServiceHealthHealth
from .service_health_kind import ServiceHealthKind
from .service_health_site import ServiceHealthSite
from .step_attempt import StepAttempt
from .system_info import SystemInfo
from .tenant_activity import TenantActivity
from .tenant_detail import TenantDetail
from .tenant_detail_source import TenantDetailSource
from .tenant_drain_job_create import TenantDrainJobCreate
from .tenant_drain_params import TenantDrainParams
from .tenant_drain_params_kinds_item import TenantDrainParamsKindsItem
from .tenant_drain_params_site_type_1 import TenantDrainParamsSiteType1
from .tenant_drain_params_site_type_2_type_1 import TenantDrainParamsSiteType2Type1
from .tenant_drain_params_site_type_3_type_1 import TenantDrainParamsSiteType3Type1
from .tenant_kind_placement import TenantKindPlacement
from .tenant_kind_placement_kind import TenantKindPlacementKind
from .tenant_migrate_job_create import TenantMigrateJobCreate
from .tenant_migrate_params import TenantMigrateParams
from .tenant_migrate_params_kind import TenantMigrateParamsKind
from .tenant_page import TenantPage
from .tenant_page_source import TenantPageSource
from .tenant_placement import TenantPlacement
from .tenant_service_activity import TenantServiceActivity
from .tenant_service_activity_kind import TenantServiceActivityKind
from .tenant_service_activity_site import TenantServiceActivitySite
from .user_create import UserCreate
from .user_create_role import UserCreateRole
from .user_info import UserInfo
from .user_page import UserPage

__all__ = (
    "ApiTokenCreate",
    "ApiTokenCreated",
    "ApiTokenCreateRole",
    "ApiTokenInfo",
    "ApiTokenInfoRole",
    "ApiTokenPage",
    "AuditEntry",
    "AuditEntryDetails",
    "AuditEntryOutcome",
    "AuditPage",
    "AuditVerification",
    "DependencyCheck",
    "DependencyCheckName",
    "EngineChange",
    "EngineState",
    "FieldError",
    "FleetReloadJobCreate",
    "FleetReloadParams",
    "FleetReloadParamsKindType1",
    "FleetReloadParamsKindType2Type1",
    "FleetReloadParamsKindType3Type1",
    "FleetReloadParamsSiteType1",
    "FleetReloadParamsSiteType2Type1",
    "FleetReloadParamsSiteType3Type1",
    "FleetService",
    "FleetServiceCreate",
    "FleetServiceCreateKind",
    "FleetServiceCreateSite",
    "FleetServiceKind",
    "FleetServicePage",
    "FleetServiceSite",
    "FleetServiceUpdate",
    "FleetServiceUpdateKind",
    "FleetServiceUpdateSite",
    "FleetSnapshot",
    "FleetSummary",
    "FleetSummaryByHealth",
    "FleetSummaryByKind",
    "FleetSummaryBySite",
    "GateProblem",
    "GateResult",
    "Job",
    "JobDetail",
    "JobPage",
    "JobParams",
    "JobPlan",
    "JobPlanObservedType0",
    "JobReasonBody",
    "JobStatus",
    "JobStep",
    "JobStepEffect",
    "JobStepStatus",
    "ListFleetServicesKindType1",
    "ListFleetServicesKindType2Type1",
    "ListFleetServicesKindType3Type1",
    "ListFleetServicesSiteType1",
    "ListFleetServicesSiteType2Type1",
    "ListFleetServicesSiteType3Type1",
    "Liveness",
    "LoginRequest",
    "LoginResponse",
    "PlacementMapView",
    "PlacementMapViewKind",
    "PlacementMapViewTenants",
    "PlacementView",
    "PlacementViewSource",
    "PlanStep",
    "Principal",
    "PrincipalKind",
    "ProbeJobCreate",
    "ProbeParams",
    "ProbePoint",
    "Problem",
    "Readiness",
    "ReadinessStatus",
    "ReasonBody",
    "RoleBinding",
    "RoleBindingRole",
    "ServiceHealth",
    "ServiceHealthConfigRevisionsType0",
    "ServiceHealthHealth",
    "ServiceHealthKind",
    "ServiceHealthSite",
    "StepAttempt",
    "SystemInfo",
    "TenantActivity",
    "TenantDetail",
    "TenantDetailSource",
    "TenantDrainJobCreate",
    "TenantDrainParams",
    "TenantDrainParamsKindsItem",
    "TenantDrainParamsSiteType1",
    "TenantDrainParamsSiteType2Type1",
    "TenantDrainParamsSiteType3Type1",
    "TenantKindPlacement",
    "TenantKindPlacementKind",
    "TenantMigrateJobCreate",
    "TenantMigrateParams",
    "TenantMigrateParamsKind",
    "TenantPage",
    "TenantPageSource",
    "TenantPlacement",
    "TenantServiceActivity",
    "TenantServiceActivityKind",
    "TenantServiceActivitySite",
    "UserCreate",
    "UserCreateRole",
    "UserInfo",
    "UserPage",
)
