"""The storage format: a parsed framework as JSON, so a self-evaluation keeps the exact wording it was
made with even after a new file is loaded."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from selfeval.framework.model import Area, Framework, FrameworkError, Level, Scale, Source, Statement, Variant

# Bump when the shape of `to_dict` changes; `from_dict` refuses formats it does not know.
DICT_FORMAT = 1


def to_dict(framework: Framework) -> dict[str, Any]:
    """The concrete framework (variants already applied) as JSON-safe data for the database."""
    source = framework.source
    return {
        "format": DICT_FORMAT,
        "key": framework.key,
        "version": framework.version,
        "title": framework.title,
        "source": {
            "title": source.title,
            "publisher": source.publisher,
            "edition": source.edition,
            "published": source.published,
            "urls": list(source.urls),
            "area_titles_confirmed": source.area_titles_confirmed,
            "note": source.note,
        },
        "scale": {
            "levels": [
                {"value": lv.value, "label": lv.label, "description": lv.description}
                for lv in framework.scale.levels
            ]
        },
        "variants": [
            {
                "id": variant.id,
                "title": variant.title,
                "areas": [
                    {
                        "id": area.id,
                        "number": area.number,
                        "title": area.title,
                        "scope": area.scope,
                        "statements": [
                            {
                                "id": s.id,
                                "text": s.text,
                                "hint": s.hint,
                                "evidence_prompts": list(s.evidence_prompts),
                                "pupil_text": s.pupil_text,
                            }
                            for s in area.statements
                        ],
                    }
                    for area in variant.areas
                ],
            }
            for variant in framework.variants.values()
        ],
    }


def from_dict(data: Mapping[str, Any]) -> Framework:
    """Rebuild exactly what `to_dict` stored. Raises FrameworkError if the data is not that shape."""
    try:
        if data.get("format") != DICT_FORMAT:
            found = data.get("format")
            raise FrameworkError([f"stored framework has format {found!r}; expected {DICT_FORMAT}"])
        src = data["source"]
        source = Source(
            title=_str(src["title"]),
            publisher=_str(src["publisher"]),
            edition=_str_or_none(src.get("edition")),
            published=_str_or_none(src.get("published")),
            urls=tuple(_str(u) for u in src.get("urls", ())),
            area_titles_confirmed=_bool(src.get("area_titles_confirmed", False)),
            note=_str_or_none(src.get("note")),
        )
        scale = Scale(
            tuple(
                Level(_int(lv["value"]), _str(lv["label"]), _str(lv["description"]))
                for lv in data["scale"]["levels"]
            )
        )
        variants: dict[str, Variant] = {}
        for v in data["variants"]:
            areas = tuple(
                Area(
                    id=_str(a["id"]),
                    number=_int(a["number"]),
                    title=_str(a["title"]),
                    scope=_str(a["scope"]),
                    statements=tuple(
                        Statement(
                            id=_str(s["id"]),
                            text=_str(s["text"]),
                            hint=_str(s["hint"]),
                            evidence_prompts=tuple(_str(p) for p in s["evidence_prompts"]),
                            pupil_text=_str_or_none(s.get("pupil_text")),
                        )
                        for s in a["statements"]
                    ),
                )
                for a in v["areas"]
            )
            variants[_str(v["id"])] = Variant(_str(v["id"]), _str(v["title"]), areas)
        if not variants or not scale.levels:
            raise FrameworkError(["stored framework has no variants or no scale levels"])
        return Framework(
            key=_str(data["key"]),
            version=_str(data["version"]),
            title=_str(data["title"]),
            source=source,
            scale=scale,
            variants=MappingProxyType(variants),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise FrameworkError([f"stored framework is not in the expected shape: {exc!r}"]) from None


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return value


def _str_or_none(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a whole number, found {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, found {value!r}")
    return value
