""" Contains all the data models used in inputs/outputs """

from .alert import Alert
from .alert_delivery import AlertDelivery
from .alert_delivery_channel import AlertDeliveryChannel
from .alert_delivery_outcome import AlertDeliveryOutcome
from .alert_event import AlertEvent
from .alert_event_change import AlertEventChange
from .alert_event_payload import AlertEventPayload
from .alert_kind import AlertKind
from .alert_page import AlertPage
from .api_token_create import ApiTokenCreate
from .api_token_create_role import ApiTokenCreateRole
from .api_token_created import ApiTokenCreated
from .api_token_info import ApiTokenInfo
from .api_token_info_role import ApiTokenInfoRole
from .api_token_page import ApiTokenPage
from .audit_anchor_check import AuditAnchorCheck
from .audit_anchor_check_source import AuditAnchorCheckSource
from .audit_anchor_check_state import AuditAnchorCheckState
from .audit_entry import AuditEntry
from .audit_entry_details import AuditEntryDetails
from .audit_entry_outcome import AuditEntryOutcome
from .audit_page import AuditPage
from .audit_verification import AuditVerification
from .audit_verification_status import AuditVerificationStatus
from .backup_group import BackupGroup
from .backup_group_create import BackupGroupCreate
from .backup_group_page import BackupGroupPage
from .backup_group_patch import BackupGroupPatch
from .backup_repository import BackupRepository
from .backup_run import BackupRun
from .backup_run_details_type_0 import BackupRunDetailsType0
from .backup_run_page import BackupRunPage
from .backup_run_report import BackupRunReport
from .backup_run_report_details_type_0 import BackupRunReportDetailsType0
from .backup_run_report_status import BackupRunReportStatus
from .backup_run_status import BackupRunStatus
from .capability import Capability
from .capability_gap import CapabilityGap
from .capability_registration import CapabilityRegistration
from .consumer import Consumer
from .consumer_list import ConsumerList
from .decision_block import DecisionBlock
from .decision_block_allowed_claims_item import DecisionBlockAllowedClaimsItem
from .decision_block_state import DecisionBlockState
from .dependency_check import DependencyCheck
from .dependency_check_name import DependencyCheckName
from .engine_change import EngineChange
from .engine_state import EngineState
from .evidence import Evidence
from .evidence_state import EvidenceState
from .evidence_status import EvidenceStatus
from .evidence_status_state import EvidenceStatusState
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
from .get_restore_health_status_type_1 import GetRestoreHealthStatusType1
from .get_restore_health_status_type_2_type_1 import GetRestoreHealthStatusType2Type1
from .get_restore_health_status_type_3_type_1 import GetRestoreHealthStatusType3Type1
from .group_alerting import GroupAlerting
from .group_alerting_patch import GroupAlertingPatch
from .job import Job
from .job_detail import JobDetail
from .job_event_message import JobEventMessage
from .job_page import JobPage
from .job_params import JobParams
from .job_plan import JobPlan
from .job_plan_observed_type_0 import JobPlanObservedType0
from .job_reason_body import JobReasonBody
from .job_status import JobStatus
from .job_step import JobStep
from .job_step_effect import JobStepEffect
from .job_step_status import JobStepStatus
from .latest_backup import LatestBackup
from .list_fleet_services_kind_type_1 import ListFleetServicesKindType1
from .list_fleet_services_kind_type_2_type_1 import ListFleetServicesKindType2Type1
from .list_fleet_services_kind_type_3_type_1 import ListFleetServicesKindType3Type1
from .list_fleet_services_site_type_1 import ListFleetServicesSiteType1
from .list_fleet_services_site_type_2_type_1 import ListFleetServicesSiteType2Type1
from .list_fleet_services_site_type_3_type_1 import ListFleetServicesSiteType3Type1
from .list_restore_runs_status_type_1 import ListRestoreRunsStatusType1
from .list_restore_runs_status_type_2_type_1 import ListRestoreRunsStatusType2Type1
from .list_restore_runs_status_type_3_type_1 import ListRestoreRunsStatusType3Type1
from .liveness import Liveness
from .login_request import LoginRequest
from .login_response import LoginResponse
from .next_action import NextAction
from .next_action_id import NextActionId
from .operation_proof import OperationProof
from .operation_proof_state import OperationProofState
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
from .receipt import Receipt
from .receipt_params import ReceiptParams
from .receipt_step import ReceiptStep
from .receipt_step_effect import ReceiptStepEffect
from .replica import Replica
from .replica_create import ReplicaCreate
from .replica_page import ReplicaPage
from .replica_patch import ReplicaPatch
from .repository_location import RepositoryLocation
from .restore_credentials import RestoreCredentials
from .restore_credentials_request import RestoreCredentialsRequest
from .restore_health import RestoreHealth
from .restore_run import RestoreRun
from .restore_run_counts import RestoreRunCounts
from .restore_run_detail import RestoreRunDetail
from .restore_run_list_item import RestoreRunListItem
from .restore_run_list_item_status import RestoreRunListItemStatus
from .restore_run_open import RestoreRunOpen
from .restore_run_page import RestoreRunPage
from .restore_run_patch import RestoreRunPatch
from .restore_run_patch_status_type_0 import RestoreRunPatchStatusType0
from .restore_run_status import RestoreRunStatus
from .result_attention import ResultAttention
from .result_attention_state import ResultAttentionState
from .result_summary import ResultSummary
from .result_summary_state import ResultSummaryState
from .role_binding import RoleBinding
from .role_binding_role import RoleBindingRole
from .role_binding_spec import RoleBindingSpec
from .role_binding_spec_role import RoleBindingSpecRole
from .run_decision_summary import RunDecisionSummary
from .run_decision_summary_state import RunDecisionSummaryState
from .server import Server
from .server_create import ServerCreate
from .server_health_item import ServerHealthItem
from .server_health_item_active_alerts_item import ServerHealthItemActiveAlertsItem
from .server_health_item_status import ServerHealthItemStatus
from .server_page import ServerPage
from .server_patch import ServerPatch
from .service_health import ServiceHealth
from .service_health_config_revisions_type_0 import ServiceHealthConfigRevisionsType0
from .service_health_health import ServiceHealthHealth
from .service_health_kind import ServiceHealthKind
from .service_health_site import ServiceHealthSite
from .step_attempt import StepAttempt
from .system_info import SystemInfo
from .temporary_credentials import TemporaryCredentials
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
from .user_bindings_update import UserBindingsUpdate
from .user_create import UserCreate
from .user_create_role import UserCreateRole
from .user_info import UserInfo
from .user_page import UserPage
from .verification import Verification
from .verification_details_type_0 import VerificationDetailsType0
from .verification_outcome import VerificationOutcome
from .verification_report import VerificationReport
from .verification_report_details_type_0 import VerificationReportDetailsType0
from .verification_report_outcome import VerificationReportOutcome
from .worklist import Worklist
from .worklist_item import WorklistItem
from .worklist_snapshot import WorklistSnapshot

__all__ = (
    "Alert",
    "AlertDelivery",
    "AlertDeliveryChannel",
    "AlertDeliveryOutcome",
    "AlertEvent",
    "AlertEventChange",
    "AlertEventPayload",
    "AlertKind",
    "AlertPage",
    "ApiTokenCreate",
    "ApiTokenCreated",
    "ApiTokenCreateRole",
    "ApiTokenInfo",
    "ApiTokenInfoRole",
    "ApiTokenPage",
    "AuditAnchorCheck",
    "AuditAnchorCheckSource",
    "AuditAnchorCheckState",
    "AuditEntry",
    "AuditEntryDetails",
    "AuditEntryOutcome",
    "AuditPage",
    "AuditVerification",
    "AuditVerificationStatus",
    "BackupGroup",
    "BackupGroupCreate",
    "BackupGroupPage",
    "BackupGroupPatch",
    "BackupRepository",
    "BackupRun",
    "BackupRunDetailsType0",
    "BackupRunPage",
    "BackupRunReport",
    "BackupRunReportDetailsType0",
    "BackupRunReportStatus",
    "BackupRunStatus",
    "Capability",
    "CapabilityGap",
    "CapabilityRegistration",
    "Consumer",
    "ConsumerList",
    "DecisionBlock",
    "DecisionBlockAllowedClaimsItem",
    "DecisionBlockState",
    "DependencyCheck",
    "DependencyCheckName",
    "EngineChange",
    "EngineState",
    "Evidence",
    "EvidenceState",
    "EvidenceStatus",
    "EvidenceStatusState",
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
    "GetRestoreHealthStatusType1",
    "GetRestoreHealthStatusType2Type1",
    "GetRestoreHealthStatusType3Type1",
    "GroupAlerting",
    "GroupAlertingPatch",
    "Job",
    "JobDetail",
    "JobEventMessage",
    "JobPage",
    "JobParams",
    "JobPlan",
    "JobPlanObservedType0",
    "JobReasonBody",
    "JobStatus",
    "JobStep",
    "JobStepEffect",
    "JobStepStatus",
    "LatestBackup",
    "ListFleetServicesKindType1",
    "ListFleetServicesKindType2Type1",
    "ListFleetServicesKindType3Type1",
    "ListFleetServicesSiteType1",
    "ListFleetServicesSiteType2Type1",
    "ListFleetServicesSiteType3Type1",
    "ListRestoreRunsStatusType1",
    "ListRestoreRunsStatusType2Type1",
    "ListRestoreRunsStatusType3Type1",
    "Liveness",
    "LoginRequest",
    "LoginResponse",
    "NextAction",
    "NextActionId",
    "OperationProof",
    "OperationProofState",
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
    "Receipt",
    "ReceiptParams",
    "ReceiptStep",
    "ReceiptStepEffect",
    "Replica",
    "ReplicaCreate",
    "ReplicaPage",
    "ReplicaPatch",
    "RepositoryLocation",
    "RestoreCredentials",
    "RestoreCredentialsRequest",
    "RestoreHealth",
    "RestoreRun",
    "RestoreRunCounts",
    "RestoreRunDetail",
    "RestoreRunListItem",
    "RestoreRunListItemStatus",
    "RestoreRunOpen",
    "RestoreRunPage",
    "RestoreRunPatch",
    "RestoreRunPatchStatusType0",
    "RestoreRunStatus",
    "ResultAttention",
    "ResultAttentionState",
    "ResultSummary",
    "ResultSummaryState",
    "RoleBinding",
    "RoleBindingRole",
    "RoleBindingSpec",
    "RoleBindingSpecRole",
    "RunDecisionSummary",
    "RunDecisionSummaryState",
    "Server",
    "ServerCreate",
    "ServerHealthItem",
    "ServerHealthItemActiveAlertsItem",
    "ServerHealthItemStatus",
    "ServerPage",
    "ServerPatch",
    "ServiceHealth",
    "ServiceHealthConfigRevisionsType0",
    "ServiceHealthHealth",
    "ServiceHealthKind",
    "ServiceHealthSite",
    "StepAttempt",
    "SystemInfo",
    "TemporaryCredentials",
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
    "UserBindingsUpdate",
    "UserCreate",
    "UserCreateRole",
    "UserInfo",
    "UserPage",
    "Verification",
    "VerificationDetailsType0",
    "VerificationOutcome",
    "VerificationReport",
    "VerificationReportDetailsType0",
    "VerificationReportOutcome",
    "Worklist",
    "WorklistItem",
    "WorklistSnapshot",
)
