"""l10n: localize English biotech press releases into Chinese and Korean."""

__version__ = "0.1.0"
