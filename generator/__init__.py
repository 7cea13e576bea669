"""社区案例库: validate and publish community social-work case files."""

__version__ = "0.1.0"
