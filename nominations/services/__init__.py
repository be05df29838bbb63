"""State changes of the award's workflow, one module per subject. Views, the API, the
admin and commands call these; they check permissions and guards themselves."""
