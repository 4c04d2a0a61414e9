"""medcheck: content linting and compliance checks for patient medication pages."""

__version__ = "0.1.0"
