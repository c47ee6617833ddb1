"""OIDC bearer JWTs validated against a real JWKS endpoint: issuer, audience, expiry, signature, roles."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from lifeboat.app import create_app
from tests.conftest import bearer_token, make_settings, running_app

if TYPE_CHECKING:
    from tests.services import TestServices

ISSUER = "https://idp.test"
AUDIENCE = "lifeboat"
KID = "idp-key-1"
ME = "/api/v1/auth/me"
AUDIT = "/api/v1/audit"
TOKENS = "/api/v1/tokens"


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:lifeboat:error:{code}"
    assert body["status"] == status
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def idp_key() -> rsa.RSAPrivateKey:
    return new_key()


@pytest.fixture(scope="module")
def jwks_url(idp_key: rsa.RSAPrivateKey) -> Iterator[str]:
    """A JWKS document served over HTTP on loopback by a small thread."""
    jwk = RSAAlgorithm.to_jwk(idp_key.public_key(), as_dict=True)
    body = json.dumps({"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/jwks.json":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="jwks-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
async def oidc_client(
    services: TestServices, database_url: str, jwks_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        services, database_url, oidc_jwks_url=jwks_url, oidc_issuer=ISSUER, oidc_audience=AUDIENCE
    )
    async with running_app(create_app(settings)) as client:
        yield client


def mint(key: rsa.RSAPrivateKey, *, kid: str = KID, drop: tuple[str, ...] = (), **claims: Any) -> str:
    now = int(time.time())
    payload: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "alice",
        "iat": now,
        "exp": now + 300,
        **claims,
    }
    for name in drop:
        payload.pop(name, None)
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_valid_jwt_with_operator_role_in_this_environment(
    oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey
) -> None:
    headers = bearer(mint(idp_key, roles=["operator@test"]))
    me = await oidc_client.get(ME, headers=headers)
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["id"] == "oidc:alice"
    assert body["kind"] == "oidc"
    assert body["bindings"] == [{"role": "operator", "environment": "test"}]
    assert body["is_admin"] is False

    assert (await oidc_client.get(AUDIT, headers=headers)).status_code == 200
    assert_problem(await oidc_client.get(TOKENS, headers=headers), 403, "forbidden")


async def test_preferred_username_names_the_principal(
    oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey
) -> None:
    me = await oidc_client.get(ME, headers=bearer(mint(idp_key, preferred_username="alice.a", roles=[])))
    assert me.status_code == 200, me.text
    assert me.json()["id"] == "oidc:alice"
    assert me.json()["name"] == "alice.a"


async def test_admin_role_can_list_tokens(oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey) -> None:
    headers = bearer(mint(idp_key, roles=["admin"]))
    me = await oidc_client.get(ME, headers=headers)
    assert me.json()["bindings"] == [{"role": "admin", "environment": "*"}]
    assert me.json()["is_admin"] is True
    response = await oidc_client.get(TOKENS, headers=headers)
    assert response.status_code == 200, response.text


async def test_role_in_another_environment_grants_nothing_here(
    oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey
) -> None:
    headers = bearer(mint(idp_key, roles=["admin@prod"]))
    assert (await oidc_client.get(ME, headers=headers)).status_code == 200
    assert_problem(await oidc_client.get(AUDIT, headers=headers), 403, "forbidden")


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "someone-else"},
        {"iss": "https://evil.example"},
        {"exp": int(time.time()) - 600},
        {"drop": ("exp",)},
        {"drop": ("iss",)},
        {"drop": ("aud",)},
    ],
    ids=["wrong-audience", "wrong-issuer", "expired", "no-exp", "no-iss", "no-aud"],
)
async def test_invalid_claims_are_401(
    oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey, claims: dict[str, Any]
) -> None:
    token = mint(idp_key, roles=["admin"], **claims)
    assert_problem(await oidc_client.get(ME, headers=bearer(token)), 401, "unauthenticated")
    assert_problem(await oidc_client.get(AUDIT, headers=bearer(token)), 401, "unauthenticated")


@pytest.mark.parametrize("kid", [KID, "unknown-key"], ids=["same-kid", "unknown-kid"])
async def test_token_signed_by_another_key_is_401(oidc_client: httpx.AsyncClient, kid: str) -> None:
    forged = mint(new_key(), kid=kid, roles=["admin"])
    assert_problem(await oidc_client.get(TOKENS, headers=bearer(forged)), 401, "unauthenticated")


async def test_unsigned_token_is_401(oidc_client: httpx.AsyncClient) -> None:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "mallory", "exp": now + 300, "roles": ["admin"]}
    unsigned = jwt.encode(payload, None, algorithm="none", headers={"kid": KID})
    assert_problem(await oidc_client.get(TOKENS, headers=bearer(unsigned)), 401, "unauthenticated")


async def test_no_roles_claim_authenticates_but_allows_nothing(
    oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey
) -> None:
    headers = bearer(mint(idp_key))
    me = await oidc_client.get(ME, headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["bindings"] == []
    assert_problem(await oidc_client.get(AUDIT, headers=headers), 403, "forbidden")


async def test_space_separated_role_string(
    oidc_client: httpx.AsyncClient, idp_key: rsa.RSAPrivateKey
) -> None:
    headers = bearer(mint(idp_key, roles="viewer@test admin@prod unknown-role"))
    me = await oidc_client.get(ME, headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["bindings"] == [
        {"role": "viewer", "environment": "test"},
        {"role": "admin", "environment": "prod"},
    ]
    assert (await oidc_client.get(AUDIT, headers=headers)).status_code == 200
    assert_problem(await oidc_client.get(TOKENS, headers=headers), 403, "forbidden")


async def test_api_tokens_still_work_when_oidc_is_on(oidc_client: httpx.AsyncClient) -> None:
    headers = bearer(await bearer_token("admin"))
    me = await oidc_client.get(ME, headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["kind"] == "token"
    assert (await oidc_client.get(TOKENS, headers=headers)).status_code == 200
