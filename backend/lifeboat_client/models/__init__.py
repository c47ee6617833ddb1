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
from .gate_result import GateResult
from .job import Job
from .job_detail import JobDetail
from .job_page import JobPage
from .job_params import JobParams
from .job_plan import JobPlan
from .job_reason_body import JobReasonBody
from .job_status import JobStatus
from .job_step import JobStep
from .job_step_effect import JobStepEffect
from .job_step_status import JobStepStatus
from .liveness import Liveness
from .login_request import LoginRequest
from .login_response import LoginResponse
from .plan_step import PlanStep
from .principal import Principal
from .principal_kind import PrincipalKind
from .probe_job_create import ProbeJobCreate
from .probe_params import ProbeParams
from .problem import Problem
from .readiness import Readiness
from .readiness_status import ReadinessStatus
from .reason_body import ReasonBody
from .role_binding import RoleBinding
from .role_binding_role import RoleBindingRole
from .step_attempt import StepAttempt
from .system_info import SystemInfo
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
    "GateResult",
    "Job",
    "JobDetail",
    "JobPage",
    "JobParams",
    "JobPlan",
    "JobReasonBody",
    "JobStatus",
    "JobStep",
    "JobStepEffect",
    "JobStepStatus",
    "Liveness",
    "LoginRequest",
    "LoginResponse",
    "PlanStep",
    "Principal",
    "PrincipalKind",
    "ProbeJobCreate",
    "ProbeParams",
    "Problem",
    "Readiness",
    "ReadinessStatus",
    "ReasonBody",
    "RoleBinding",
    "RoleBindingRole",
    "StepAttempt",
    "SystemInfo",
    "UserCreate",
    "UserCreateRole",
    "UserInfo",
    "UserPage",
)
