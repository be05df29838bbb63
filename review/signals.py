"""Signals of the review kernel, so that higher layers hear of a step without the
kernel importing them (scoring recomputes rankings when data is approved).

`status_changed` is sent once the transaction of a status change commits (a step
that rolls back sends nothing), with `sender` the record's class and the keyword
arguments `record`, `action` and `by`. It is sent robustly: a receiver that fails
is logged and neither undoes nor fails the step."""

from django.dispatch import Signal

status_changed = Signal()
