"""Example inputs shipped with the package: scenario templates and a leads table.

The README's commands use them; ``synthpersona examples`` copies them to a folder
(``examples/`` by default) so those commands run as written.

Examples
--------
>>> sorted(p.name for p in example_files())[:2]
['car_purchase.yaml', 'dei_training.yaml']
"""

from __future__ import annotations

import shutil
from pathlib import Path

from synthpersona.errors import InputError

__all__ = ["EXAMPLES_DIR", "copy_examples", "example_files", "scenario_templates"]

#: Where the example files live inside the installed package.
EXAMPLES_DIR = Path(__file__).resolve().parent

_SUFFIXES = (".json", ".yaml", ".csv")


def example_files() -> list[Path]:
    """Every example file, in a stable order (paths inside the installed package)."""
    return sorted(
        (p for p in EXAMPLES_DIR.rglob("*") if p.suffix in _SUFFIXES and p.is_file()),
        key=lambda p: p.relative_to(EXAMPLES_DIR).as_posix(),
    )


def scenario_templates() -> dict[str, Path]:
    """The example scenario templates by name (file name without its suffix)."""
    return {p.stem: p for p in sorted((EXAMPLES_DIR / "scenarios").iterdir()) if p.suffix in _SUFFIXES}


def copy_examples(dest: str | Path, *, force: bool = False) -> list[Path]:
    """Copy the example files under ``dest`` (keeping ``scenarios/``); return the written paths.

    Raises
    ------
    InputError
        When a file would be overwritten and ``force`` is false, or ``dest`` is a file.
    """
    root = Path(dest)
    if root.exists() and not root.is_dir():
        raise InputError(f"{str(root)!r} is a file; give a folder for the examples.")
    pairs = [(p, root / p.relative_to(EXAMPLES_DIR)) for p in example_files()]
    clash = [str(target) for _, target in pairs if target.exists()]
    if clash and not force:
        raise InputError(
            f"{clash[0]!r} already exists ({len(clash)} file(s) would be overwritten); "
            "pass --force to overwrite or choose another folder."
        )
    for source, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return [target for _, target in pairs]
