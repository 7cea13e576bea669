"""Failures a user must read: one hierarchy, mapped to exit codes in one place (cli.main).

Problems found in files are `Problem`s and are listed, all of them; a `UserError` stops a command
with one Chinese message and a hint. Anything else is a bug in caselib and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """What went wrong, in the user's words, and what to do instead."""

    exit_code = 1

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return f"{self.message} —— {self.hint}" if self.hint else self.message


class UsageError(UserError):
    """The command was called wrongly (a missing config, an unknown kind, clashing options)."""

    exit_code = 2


class ConfigError(UserError):
    """site_config.yml cannot be used; its problems were printed with their lines."""


class Refused(UserError):
    """An input that cannot be imported (caselib import goes on with the others)."""


class SearchIndexError(UserError):
    """The search index could not be written."""


class IndexFormatError(SearchIndexError):
    """Pagefind's scripts are of another release than the index format written here."""
