"""The portal's own date formats, over Django's per-language ones (FORMAT_MODULE_PATH):
one short month style everywhere, "3 Des 2026", as the portal's own pages write it."""
