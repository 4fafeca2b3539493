# The portal's image: one image for web (gunicorn), worker and beat (Celery).
#
#   docker build -t commissioning-portal .
#
# Files are copied by name, not with `COPY . .`: the working tree holds .venv, node_modules,
# db.sqlite3 and possibly a .env with secrets, none of which belong in an image (settings.py
# would even read /app/.env at start-up). A new app directory needs a COPY line below.

# --- Stage 1: GOV.UK Frontend compiled with Sass into static/dist --------------------------------
# The sass package needs Node.js 20.19 or later; Debian bookworm's own nodejs package is older,
# so this stage starts from the Node.js project's image, which ships node and npm.
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src ./static/src
RUN npm run build

# --- Stage 2: the application ----------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF reports) loads Pango and HarfBuzz at run time; Liberation fonts are metric-
# compatible with Arial/Helvetica, the font family the pages use instead of GDS Transport.
# libharfbuzz-subset0 is optional for WeasyPrint (it falls back to fontTools) but faster.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# A non-root user with a home of its own (fontconfig writes its cache under ~/.cache).
RUN groupadd --system portal \
    && useradd --system --gid portal --create-home --home-dir /home/portal portal

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. They come from the lock
# (`make lock` writes it): exact versions, and pip refuses any file whose hash differs. It holds
# the `s3` extra, boto3, which django-storages needs when AWS_STORAGE_BUCKET_NAME is set.
COPY requirements/image.txt ./requirements/
RUN pip install --require-hashes --no-deps -r requirements/image.txt

COPY manage.py gunicorn.conf.py ./
COPY commissioning ./commissioning
COPY kernel ./kernel
COPY boroughs ./boroughs
COPY providers ./providers
COPY placements ./placements
COPY outcomes ./outcomes
COPY notifications ./notifications
COPY templates ./templates
COPY --from=assets /build/static/dist ./static/dist

# Static files are collected at build time into STATIC_ROOT (/app/staticfiles) and served by
# WhiteNoise with hashed names. DEBUG=false selects the manifest storage; settings refuse to
# load without a SECRET_KEY when DEBUG is false, so a dummy one is given for this step only.
RUN DEBUG=false SECRET_KEY=build-time-only-not-a-secret python manage.py collectstatic --noinput

# Code and static files stay owned by root (read-only to the app). Only MEDIA_ROOT is writable;
# a named volume mounted there starts with this directory's ownership.
RUN mkdir -p /app/media && chown portal:portal /app/media

USER portal
EXPOSE 8000

CMD ["gunicorn", "commissioning.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
