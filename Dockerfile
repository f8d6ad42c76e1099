# One image recipe for every service: docker build --build-arg SERVICE=intake -t relay-intake .
# Build stage: uv installs the one service and its runtime dependencies from the lock, no dev
# tools and no editable links, so the final stage needs only the virtual environment.
FROM python:3.11-slim AS build
ARG SERVICE
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
WORKDIR /src
COPY pyproject.toml uv.lock ./
COPY shared shared
COPY deploy deploy
COPY services services
RUN test -n "$SERVICE" && uv sync --locked --no-dev --no-editable --package "$SERVICE"

FROM python:3.11-slim
ARG SERVICE
RUN useradd --system --uid 10001 --no-create-home relay
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH SERVICE=${SERVICE} PYTHONUNBUFFERED=1
USER relay
# Compose and Kubernetes probe /health/ready and /health/live on <SERVICE>_HTTP_PORT.
CMD ["sh", "-c", "exec python -m relay_eventing \"$SERVICE\""]
