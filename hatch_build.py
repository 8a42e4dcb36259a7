"""Build hook: ship the catalog pre-parsed, as a Python module, inside the wheel.

Parsing TOML costs more than the rest of a command's start-up together (tomllib compiles its
regular expressions on import); a module of literals loads from byte-code in a fraction of that.
The TOML file in data/ stays the one source: this runs on every wheel build.
"""

import tomllib
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CATALOG = Path("data") / "catalog.toml"
MODULE = "stretchlog/_bundled_catalog.py"


class BundledCatalogHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # editable installs read data/catalog.toml directly
        document = tomllib.loads((Path(self.root) / CATALOG).read_text(encoding="utf-8"))
        generated = Path(self.directory) / "_bundled_catalog.py"
        generated.parent.mkdir(parents=True, exist_ok=True)
        generated.write_text(
            f'"""Generated from {CATALOG} when the wheel was built. Do not edit."""\n\n'
            f"DOCUMENT = {document!r}\n",
            encoding="utf-8",
        )
        build_data["force_include"][str(generated)] = MODULE
