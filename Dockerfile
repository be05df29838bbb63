# Production image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH VAR_DIR=/var/lib/paritrana
WORKDIR /app

COPY scripts/install-system-packages.sh scripts/
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends nodejs npm curl \
    && scripts/install-system-packages.sh runtime \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv>=0.5"

COPY pyproject.toml uv.lock package.json package-lock.json ./
RUN uv sync --frozen --no-dev --no-install-project && npm ci --omit=dev --no-audit --no-fund

COPY . .
# Static files collected as production serves them (DEBUG off: hashed names, manifest).
RUN DEBUG=1 python manage.py compilemessages --ignore=node_modules -v 0 \
    && DEBUG=0 SECRET_KEY_FILE=/tmp/build_key python manage.py collectstatic --noinput -v 0 \
    && rm /tmp/build_key \
    && useradd --system --home /var/lib/paritrana paritrana \
    && mkdir -p /var/lib/paritrana/media \
    && chown -R paritrana /var/lib/paritrana
USER paritrana
EXPOSE 8000
# deploy/gunicorn_config.py: 3 workers on :8000, no Server banner; the proxy logs access.
CMD ["gunicorn", "paritrana.wsgi", "--config", "deploy/gunicorn_config.py"]
