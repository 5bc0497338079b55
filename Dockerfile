# syntax=docker/dockerfile:1
# Helix: build wheels in one stage, install them in a slim runtime that runs as a non-root user.

FROM python:3.11-slim AS builder
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HELIX_ENV=production \
    PORT=8000 \
    TRUSTED_PROXIES=1
RUN groupadd --system --gid 10001 helix \
    && useradd --system --uid 10001 --gid helix --home-dir /app helix
WORKDIR /app
COPY --from=builder /wheels /wheels
COPY requirements.txt .
RUN pip install --no-cache-dir --no-index --find-links /wheels -r requirements.txt \
    && rm -rf /wheels
COPY --chown=helix:helix app ./app
COPY --chown=helix:helix migrations ./migrations
COPY --chown=helix:helix templates_gen ./templates_gen
COPY --chown=helix:helix examples ./examples
COPY --chown=helix:helix celery_worker.py ./
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
# Meant to run behind the one nginx of docker-compose.yml (TRUSTED_PROXIES=1): gunicorn
# believes its X-Forwarded-* headers, and ProxyFix takes the client address nginx appended.
# Published without a proxy in front, set TRUSTED_PROXIES=0.
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--forwarded-allow-ips", "*", "--access-logfile", "-", "app.wsgi:app"]
