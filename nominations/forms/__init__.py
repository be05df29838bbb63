"""Forms of the award's pages, one module per subject."""
