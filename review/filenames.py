"""Names of downloaded files in the reader's language: Indonesian names for
Indonesian readers, English names for English readers, never a mix."""

from django.utils import translation


def in_language(indonesian: str, english: str) -> str:
    """The English name when the active language is English, else the Indonesian."""
    language = translation.get_language() or ""
    return english if language.startswith("en") else indonesian
