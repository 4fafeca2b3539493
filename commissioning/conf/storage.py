"""Where files go: S3 (private, signed links, never overwritten) when a bucket is named, else the
media folder; static files compressed and hashed by WhiteNoise unless DEBUG."""

from pathlib import Path


def storages(*, bucket_name: str, endpoint_url: str | None, media_root: Path, debug: bool) -> dict:
    """STORAGES, from the values settings.py reads from the environment."""
    return {
        "default": (
            {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket_name,
                    "endpoint_url": endpoint_url,
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            }
            if bucket_name
            else {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media_root, "base_url": None},
            }
        ),
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            if debug
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }


def next_redis_db(url: str) -> str:
    """The Redis database after `url`'s (redis://host:6379/0 -> .../1); other URLs as they are."""
    if not url:
        return ""
    base, _, db = url.rpartition("/")
    return f"{base}/{int(db) + 1}" if db.isdigit() and base.count("/") >= 2 else url
