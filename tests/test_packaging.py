"""What a plain `pip install` of l10n brings: the shipped glossary as package data, and no PyTorch.

The wheel itself is built and installed into a fresh virtual environment outside the checkout by
`.ci/run`; these tests read the metadata of the installed distribution, which any install writes.
"""

import re
from importlib import metadata

from l10n import glossary

# Pulled by argostranslate 1.11 through stanza: several GB that l10n never imports.
HEAVY = {"torch", "stanza", "spacy", "nvidia-cudnn-cu12", "triton"}


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _closure(root: str) -> dict[str, str]:
    """Every distribution a default install of `root` needs, each with the one that required it."""
    needed, queue = {root: ""}, [root]
    while queue:
        name = queue.pop()
        for requirement in metadata.requires(name) or ():
            if "extra ==" in requirement:
                continue
            dependency = _name(requirement)
            if dependency not in needed:
                needed[dependency] = name
                try:
                    metadata.distribution(dependency)
                except metadata.PackageNotFoundError:
                    continue  # a requirement for another platform or Python
                queue.append(dependency)
    return needed


def test_a_default_install_needs_no_pytorch_stanza_or_spacy():
    needed = _closure("l10n")
    assert "argos-translate-lt" in needed
    assert {name: needed[name] for name in HEAVY & needed.keys()} == {}


def test_the_shipped_glossary_is_found_through_the_package():
    assert glossary.SHIPPED.is_file()
    assert glossary.SHIPPED.read_text(encoding="utf-8").startswith("en,")
