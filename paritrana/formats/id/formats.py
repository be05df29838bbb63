"""Bahasa Indonesia: "3 Des 2026" and "3 Des 2026, 14:05" (Django's own "j N Y"
writes "3 Des. 2026", beside the portal's "j M Y")."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
