"""OIDC/JWT bearer validation against a JWKS URL: issuer, audience, expiry, role claim mapping.

Role claim values map to bindings: ``admin`` -> admin in every environment, ``operator@prod``
(or ``operator:prod``) -> operator in ``prod``. Unknown roles are ignored, so a token from the
identity provider with no Lifeboat role authenticates but is allowed nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any

import jwt
from jwt import PyJWKClient

from lifeboat.auth.models import Principal, RoleBinding
from lifeboat.auth.permissions import ALL_ROLES, is_admin_in

_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


class OidcVerifier:
    """Validates bearer JWTs with keys from a JWKS URL (cached by PyJWT)."""

    def __init__(self, *, jwks_url: str, issuer: str | None, audience: str | None, role_claim: str) -> None:
        self.issuer = issuer
        self.audience = audience
        self.role_claim = role_claim
        self._jwks = PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=5)

    def _decode(self, token: str) -> dict[str, Any]:
        key = self._jwks.get_signing_key_from_jwt(token)
        options = {"require": ["exp", "sub"], "verify_aud": self.audience is not None}
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=_ALGORITHMS,
            audience=self.audience,
            issuer=self.issuer,
            options=options,  # type: ignore[arg-type]
            leeway=30,
        )
        return claims

    async def principal(self, token: str, environment: str) -> Principal | None:
        """The principal for a valid token; None for any invalid one (bad signature, expired…)."""
        try:
            claims = await asyncio.to_thread(self._decode, token)
        except (jwt.PyJWTError, OSError):
            return None
        bindings = roles_to_bindings(claims.get(self.role_claim))
        name = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
        return Principal(
            id=f"oidc:{claims['sub']}",
            kind="oidc",
            name=name,
            bindings=bindings,
            is_admin=is_admin_in(bindings, environment),
        )


def roles_to_bindings(claim: Any) -> list[RoleBinding]:
    """Map a role claim (list or space/comma-separated string) to role bindings."""
    if isinstance(claim, str):
        values = claim.replace(",", " ").split()
    elif isinstance(claim, list):
        values = [str(v) for v in claim]
    else:
        values = []
    bindings: list[RoleBinding] = []
    for value in values:
        role, _, env = value.replace(":", "@").partition("@")
        if role in ALL_ROLES:
            binding = RoleBinding(role=role, environment=env or "*")  # type: ignore[arg-type]
            if binding not in bindings:
                bindings.append(binding)
    return bindings


def looks_like_jwt(token: str) -> bool:
    """Three base64url segments separated by dots."""
    return token.count(".") == 2 and not token.startswith("lb_")
