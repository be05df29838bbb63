"""The one refusal of a whole upload file, shared by the reader and its guards."""


class FileProblem(Exception):  # noqa: N818 -- a person's problem, not a bug
    """The file as a whole cannot be read: nothing in it can be checked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
