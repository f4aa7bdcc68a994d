"""The controlled biotech glossary that ships with l10n.

Terminologists edit `biotech.csv` here, at the top of the project; pyproject.toml installs this
folder as the package `l10n.shipped`, so editable, wheel and pipx installs all find the file
through importlib.resources (`l10n.glossary.SHIPPED`).
"""
