"""The detail category library: built-in categories plus the user's own from YAML/JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticValidationError

from synthpersona.errors import DataError, InputError, NotFoundError, did_you_mean

from ._models import DetailCategory

__all__ = ["DetailCategoryLibrary", "load_category_file"]


@dataclass(frozen=True)
class _Entry:
    category: DetailCategory
    keywords: tuple[str, ...]
    builtin: bool


def _parse_categories(raw: Any, source: str) -> dict[str, tuple[DetailCategory, tuple[str, ...]]]:
    """Parse ``{"categories": {name: {...}}}`` or a list of category dicts."""
    if isinstance(raw, Mapping) and "categories" in raw:
        raw = raw["categories"]
    items: list[dict[str, Any]]
    if isinstance(raw, Mapping):
        items = []
        for name, body in raw.items():
            if not isinstance(body, Mapping):
                raise DataError(
                    f"category {name!r} in {source} must be a mapping of its fields, got {body!r}"
                )
            items.append({"name": name, **body})
    elif isinstance(raw, list):
        items = [dict(x) if isinstance(x, Mapping) else {"_bad": x} for x in raw]
    else:
        raise DataError(
            f"{source} must hold a mapping 'categories: "
            f"{{name: {{description, example_fields, when_relevant}}}}'"
            " or a list of categories"
        )
    out: dict[str, tuple[DetailCategory, tuple[str, ...]]] = {}
    for item in items:
        if "_bad" in item:
            raise DataError(f"each category in {source} must be a mapping, got {item['_bad']!r}")
        keywords = tuple(str(k).lower() for k in item.pop("keywords", []) or [])
        try:
            cat = DetailCategory.model_validate(item)
        except PydanticValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise DataError(
                f"category {item.get('name')!r} in {source} is invalid: {loc}: {first['msg']}. "
                "Each category needs name (snake_case), description, example_fields (list) and "
                "when_relevant.",
                details={"category": item.get("name"), "field": loc},
            ) from exc
        out[cat.name] = (cat, keywords)
    return out


def load_category_file(path: str | Path) -> dict[str, DetailCategory]:
    """Read user categories from a YAML or JSON file.

    Examples
    --------
    >>> load_category_file("my_categories.yaml")  # doctest: +SKIP
    {'pet_context': DetailCategory(name='pet_context', ...)}
    """
    return {name: cat for name, (cat, _) in _read_file(Path(path)).items()}


def _read_file(path: Path) -> dict[str, tuple[DetailCategory, tuple[str, ...]]]:
    if not path.is_file():
        raise NotFoundError(f"category file {str(path)!r} does not exist; pass a .yaml or .json file")
    text = path.read_text(encoding="utf-8")
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise DataError(f"cannot parse category file {str(path)!r}: {exc}") from exc
    return _parse_categories(raw, repr(str(path)))


@lru_cache(maxsize=1)
def _builtin() -> dict[str, tuple[DetailCategory, tuple[str, ...]]]:
    text = resources.files("synthpersona.scenarios").joinpath("data/categories.yaml").read_text("utf-8")
    return _parse_categories(yaml.safe_load(text), "built-in categories.yaml")


class DetailCategoryLibrary:
    """All detail categories a persona may carry; built-ins plus user additions.

    Parameters
    ----------
    extra
        Additional categories (``DetailCategory`` objects) or paths of YAML/JSON files.
        A user category with a built-in name replaces the built-in.

    Examples
    --------
    >>> lib = DetailCategoryLibrary()
    >>> "professional_context" in lib.get_category_names()
    True
    >>> lib.get_category_definition("time_constraints").when_relevant[:30]
    'When persona is time-pressured'
    """

    def __init__(self, extra: list[DetailCategory | str | Path] | None = None) -> None:
        self._entries: dict[str, _Entry] = {
            name: _Entry(cat, kws, True) for name, (cat, kws) in _builtin().items()
        }
        for item in extra or []:
            if isinstance(item, DetailCategory):
                self.add(item)
            else:
                for cat, kws in _read_file(Path(item)).values():
                    self.add(cat, keywords=kws)

    def add(self, category: DetailCategory, keywords: tuple[str, ...] | list[str] = ()) -> None:
        """Add (or replace) a category."""
        self._entries[category.name] = _Entry(category, tuple(k.lower() for k in keywords), False)

    def get_category_definition(self, category_name: str) -> DetailCategory:
        """Return the category called ``category_name``; raise ``NotFoundError`` if unknown."""
        entry = self._entries.get(category_name)
        if entry is None:
            raise NotFoundError(
                f"unknown detail category {category_name!r}.{did_you_mean(category_name, self._entries)} "
                f"Known categories: {', '.join(self._entries)}",
                details={"category": category_name, "allowed": list(self._entries)},
            )
        return entry.category

    def get_all_categories(self) -> dict[str, DetailCategory]:
        """Return ``{name: DetailCategory}`` for every category."""
        return {n: e.category for n, e in self._entries.items()}

    def get_category_names(self) -> list[str]:
        """Return the names of all categories."""
        return list(self._entries)

    def keywords(self, category_name: str) -> tuple[str, ...]:
        """Cue words of a category (empty for user categories without keywords)."""
        return self._entries[category_name].keywords

    def is_builtin(self, category_name: str) -> bool:
        """True if the category is one of the shipped ones (and not replaced by the user)."""
        return self._entries[category_name].builtin

    def validate_names(self, names: list[str]) -> tuple[list[str], list[str]]:
        """Split ``names`` into (known, unknown), keeping order and dropping duplicates."""
        known: list[str] = []
        unknown: list[str] = []
        for raw in names:
            name = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
            target = known if name in self._entries else unknown
            if name not in target:
                target.append(name if name in self._entries else str(raw))
        return known, unknown

    def require(self, names: list[str]) -> None:
        """Raise ``InputError`` if any name is not a category."""
        _, unknown = self.validate_names(names)
        if unknown:
            hint = did_you_mean(unknown[0], self._entries)
            raise InputError(
                f"unknown detail categor{'y' if len(unknown) == 1 else 'ies'} {unknown}.{hint} "
                f"Known categories: {', '.join(self._entries)}",
                details={"unknown": unknown, "allowed": list(self._entries)},
            )

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
