# Icebreaker: one image, `icebreaker serve` on $PORT (3978). Configuration comes only from the environment
# at run time (see README); no secret is baked into any layer.

# --- build: install the package and its dependencies into a self-contained virtualenv -----------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
RUN /opt/venv/bin/pip install . \
    && /opt/venv/bin/pip uninstall --yes pip setuptools wheel \
    && find /opt/venv -name '__pycache__' -type d -prune -exec rm -rf {} +

# --- runtime: the slim base, the virtualenv, a non-root user; no compilers, no pip, no sources ---------------
FROM python:3.11-slim AS runtime
RUN groupadd --system --gid 10001 icebreaker \
    && useradd --system --uid 10001 --gid icebreaker --home-dir /app --shell /usr/sbin/nologin icebreaker \
    && mkdir /app && chown icebreaker:icebreaker /app
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
USER icebreaker:icebreaker
EXPOSE 3978
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3978') + '/healthz', timeout=2)"]
CMD ["icebreaker", "serve"]
