"""Bulk upload of coverage data: file → validated rows → upsert, in an ImportBatch."""
