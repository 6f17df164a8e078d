# synthpersona images: slim Python, numeric non-root user, health checks, pinned packages.
#   docker build -t synthpersona .                  # the REST API (default target `api`)
#   docker run -p 8000:8000 -v synthpersona-data:/data synthpersona
#   docker build --target ui -t synthpersona-ui .   # the web UI
#   docker run -p 8501:8501 -v synthpersona-data:/data synthpersona-ui
# Settings come from SYNTHPERSONA_* variables (see docs/deployment.md).
#
# The base is pinned by tag and digest (the multi-arch index of python:3.11.7-slim-bookworm).
# The digest could not be resolved from the build machine (no registry access); it is the one
# public build logs show `docker build` resolving for this tag. Re-pin with
#   docker buildx imagetools inspect python:3.11.7-slim-bookworm
# or override: docker build --build-arg PYTHON_IMAGE=python:3.11.7-slim-bookworm@sha256:<digest> .
ARG PYTHON_IMAGE=python:3.11.7-slim-bookworm@sha256:cfd7ed5c11a88ce533d69a1da2fd932d647f9eb6791c5b4ddce081aedf7f7876

# ---- build: a virtualenv with the package and its extras, versions from constraints.txt
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE constraints.txt ./
COPY src ./src
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt ".[api,postgres]"

FROM ${PYTHON_IMAGE} AS build-ui
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE constraints.txt ./
COPY src ./src
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt ".[ui,postgres]"

# ---- runtime base: the user (uid/gid 10001, numeric so runAsNonRoot can verify it) and /data
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SYNTHPERSONA_HOME=/data
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin app \
 && mkdir -p /data && chown 10001:10001 /data
WORKDIR /data
VOLUME ["/data"]

# ---- the web UI (Streamlit; no REST API in this image)
FROM runtime AS ui
COPY --from=build-ui /opt/venv /opt/venv
USER 10001:10001
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]
CMD ["synthpersona", "ui", "--host", "0.0.0.0", "--port", "8501"]

# ---- the REST API (no web UI in this image); last, so it is the default target
FROM runtime AS api
COPY --from=build /opt/venv /opt/venv
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"]
CMD ["synthpersona", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
