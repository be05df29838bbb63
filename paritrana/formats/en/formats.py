"""English: "3 Dec 2026" and "3 Dec 2026, 14:05", the same pattern as Indonesian."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
