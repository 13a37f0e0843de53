"""What every table of sorts has: N named sorts of the same M statements."""


class SortsOfStatements:
    """``n_sorts`` and ``n_statements`` of a class that names its ``participants`` (one a sort)
    and its ``statements``."""

    participants: "tuple[str, ...] | list[str]"
    statements: "tuple[str, ...] | list[str]"

    @property
    def n_sorts(self) -> int:
        """Number of sorts N."""
        return len(self.participants)

    @property
    def n_statements(self) -> int:
        """Number of statements M."""
        return len(self.statements)
