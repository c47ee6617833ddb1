# syntax=docker/dockerfile:1.7
#
# Lifeboat production image: one binary (`lifeboat`), the compiled SPA baked in.
#
#   docker build -t lifeboat:local --build-arg GIT_SHA="$(git rev-parse HEAD)" .
#   docker run --rm lifeboat:local --help
#
# Stages: `frontend` builds the SPA with node; `build` resolves the locked Python
# environment with uv; the final stage copies only the virtualenv, the backend source
# and frontend/dist onto a clean python slim image and runs as an unprivileged user.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --------------------------------------------------------------------------- frontend
FROM ${NODE_IMAGE} AS frontend
WORKDIR /src/frontend
# The SPA's API types are generated from the published contract.
COPY openapi/ /src/openapi/
# Copy the sources first and install afterwards: `npm ci` wipes any node_modules that
# slipped into the build context, so a developer's local install never leaks in.
COPY frontend/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund \
 && npm run build \
 && test -f dist/index.html

# --------------------------------------------------------------------------- build
FROM ${PYTHON_IMAGE} AS build
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
# Dependencies first (cached until pyproject.toml or uv.lock change) ...
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project
# ... then the project itself.
COPY backend/ ./backend/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev \
 && /app/.venv/bin/python -m compileall -q /app/backend \
 && /app/.venv/bin/lifeboat --help > /dev/null

# --------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime
ARG GIT_SHA=unknown
LABEL org.opencontainers.image.title="lifeboat" \
      org.opencontainers.image.description="Lifeboat: a control plane for disaster recovery and restore operations" \
      org.opencontainers.image.revision="${GIT_SHA}"

RUN groupadd --system --gid 10001 lifeboat \
 && useradd --system --uid 10001 --gid lifeboat --home-dir /home/lifeboat --create-home \
        --shell /usr/sbin/nologin lifeboat

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY --from=build /app/pyproject.toml /app/README.md /app/
COPY --from=build /app/backend /app/backend
COPY --from=frontend /src/frontend/dist /app/frontend/dist

ENV PATH="/app/.venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/home/lifeboat \
    LIFEBOAT_HOST=0.0.0.0 \
    LIFEBOAT_PORT=8000 \
    LIFEBOAT_LOG_FORMAT=json \
    LIFEBOAT_SPA_DIR=/app/frontend/dist \
    LIFEBOAT_GIT_SHA=${GIT_SHA}

USER 10001:10001
EXPOSE 8000

# Liveness of `lifeboat serve` (no curl in slim images: use the interpreter we ship).
# Compose overrides this for the api (/ready) and disables it for migrate and worker.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('LIFEBOAT_PORT', '8000'), timeout=4)"]

ENTRYPOINT ["lifeboat"]
CMD ["serve"]
