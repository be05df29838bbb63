"""Signals of the review kernel, so that higher layers hear of a step without the
kernel importing them (scoring recomputes rankings when data is approved).

`status_changed` is sent by `workflow.change_status` inside the step's transaction,
with `sender` the record's class and the keyword arguments `record`, `action` and
`by`; a receiver that acts on the outside world (queues a job, sends a message)
defers it with `transaction.on_commit`, so that a step rolled back does nothing.
It is sent robustly: a receiver that raises is logged and does not fail the step."""

from django.dispatch import Signal

status_changed = Signal()
