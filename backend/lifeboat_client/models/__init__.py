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
from .field_error import FieldError
from .liveness import Liveness
from .login_request import LoginRequest
from .login_response import LoginResponse
from .principal import Principal
from .principal_kind import PrincipalKind
from .problem import Problem
from .readiness import Readiness
from .readiness_status import ReadinessStatus
from .reason_body import ReasonBody
from .role_binding import RoleBinding
from .role_binding_role import RoleBindingRole
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
    "FieldError",
    "Liveness",
    "LoginRequest",
    "LoginResponse",
    "Principal",
    "PrincipalKind",
    "Problem",
    "Readiness",
    "ReadinessStatus",
    "ReasonBody",
    "RoleBinding",
    "RoleBindingRole",
    "SystemInfo",
    "UserCreate",
    "UserCreateRole",
    "UserInfo",
    "UserPage",
)
