# Production image: gunicorn serving Django, the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
COPY static/js static/js
COPY scripts/build-frontend.sh scripts/build-frontend.sh
RUN bash scripts/build-frontend.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=qa_portal.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Exactly the locked versions, each checked against its hash (`make lock` writes requirements.txt).
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.txt && pip check
COPY . .
COPY --from=frontend /build/static/build static/build
COPY --from=frontend /build/static/govuk static/govuk
# collectstatic needs settings to import; these placeholder values exist only for this build step.
RUN DJANGO_SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --no-input
RUN useradd --create-home --uid 1000 app && chown -R app /app
USER app
EXPOSE 8000
CMD ["gunicorn", "qa_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
