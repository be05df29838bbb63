"""The signing key: from the environment, from a local key file, or for development."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY = "django-insecure-paritrana-development-only"
# The placeholder of .env.example: a copied example file must not start production.
EXAMPLE_KEYS = frozenset({"change-me-to-a-long-random-string"})
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5


def read_secret_key(value: str, *, key_file: str = "", debug: bool = False) -> str:
    """The key to use; ImproperlyConfigured for a missing or weak key with DEBUG off."""
    key = value.strip()
    if not key and key_file:
        key = read_or_create_key_file(Path(key_file))
    if not key and debug:
        return DEVELOPMENT_KEY
    if not debug:
        check_secret_key(key)
    return key


def check_secret_key(key: str) -> None:
    """Refuse an empty, example, development, short or repetitive key."""
    if not key:
        problem = "SECRET_KEY is not set"
    elif key in EXAMPLE_KEYS:
        problem = "SECRET_KEY is the example value of .env.example"
    elif key.startswith("django-insecure"):
        problem = "SECRET_KEY starts with 'django-insecure'"
    elif len(key) < MIN_LENGTH or len(set(key)) < MIN_UNIQUE_CHARACTERS:
        problem = f"SECRET_KEY is shorter than {MIN_LENGTH} characters or repetitive"
    else:
        return
    raise ImproperlyConfigured(
        f"{problem}. With DEBUG off the portal needs its own random key: set "
        'SECRET_KEY (e.g. the output of python -c "import secrets; '
        'print(secrets.token_urlsafe(50))") or SECRET_KEY_FILE.'
    )


def read_or_create_key_file(path: Path) -> str:
    """The key stored in path; a new random key written there (mode 0600) if absent."""
    if not path.exists():
        _create_key_file(path)
    return path.read_text(encoding="ascii").strip()


def _create_key_file(path: Path) -> None:
    """Write a random key beside path and link it into place, so racing starts agree."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(secrets.token_urlsafe(64) + "\n")
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
