"""Reading a framework file: YAML checked against the expected shape, every problem named with its line.

`parse` turns a file into a Framework with every variant made concrete, or raises FrameworkError with
one message per problem, so one upload reports everything that needs fixing.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from selfeval.framework.model import (
    MAINSTREAM,
    Area,
    Framework,
    FrameworkError,
    Level,
    Scale,
    Source,
    Statement,
    Variant,
)

# The files that ship with the service live beside this package, in selfeval/frameworks/.
FRAMEWORKS_DIR = Path(__file__).parent.parent / "frameworks"
DEFAULT_FILE = "whole-school-send-2026.yaml"

AREA_COUNT = 8
MIN_STATEMENTS, MAX_STATEMENTS = 5, 10
MIN_PROMPTS, MAX_PROMPTS = 2, 4
MIN_LEVELS, MAX_LEVELS = 2, 10

# Lengths keep screens, printouts and the database columns (key 80, version 40, title 200) in bounds.
MAX_KEY = 60
MAX_VERSION = 30
MAX_TITLE = 150
MAX_SCOPE = 600
MAX_TEXT = 400
MAX_HINT = 600
MAX_PROMPT = 200
MAX_PUPIL_TEXT = 200
MAX_LABEL = 60
MAX_LEVEL_DESCRIPTION = 300
MAX_VARIANT_TITLE = 100
MAX_SOURCE_FIELD = 300
MAX_URL = 500
MAX_NOTE = 1500
# The upload form refuses files over 1 MB; this keeps `parse` safe when called from elsewhere.
MAX_FILE_CHARS = 1_000_000

# A file without a `variants` block has one variant under this id, so `variant("mainstream")` and
# `variant_for_phase` work for every framework.
DEFAULT_VARIANT_TITLE = "All schools"

# libyaml when installed (about ten times faster); both give the same nodes and line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SLUG_RE = re.compile(rf"^{_SLUG}$")
_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
_URL_RE = re.compile(r"^https?://\S+$")

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = _TAG + "str", _TAG + "int", _TAG + "bool", _TAG + "null"
_KINDS = {
    _STR: "text",
    _INT: "a whole number",
    _TAG + "float": "a decimal number",
    _BOOL: "true/false",
    _NULL: "empty",
    _TAG + "timestamp": "a date",
}

_STATEMENT_KEYS = ("text", "hint", "evidence_prompts", "pupil_text")
_AREA_OVERRIDE_KEYS = ("title", "scope")


def bundled_files() -> list[Path]:
    """The framework files that ship with the service, in name order."""
    return sorted(p for p in FRAMEWORKS_DIR.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_file(path: str | Path) -> Framework:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FrameworkError([f"{path.name} line 1: the file must be saved as UTF-8 text"]) from None
    return parse(text, path.name)


@functools.cache
def default_framework() -> Framework:
    # Safe to share: every part of a Framework is immutable.
    return load_file(FRAMEWORKS_DIR / DEFAULT_FILE)


def parse(text: str, filename: str = "<framework>") -> Framework:
    """Check a framework file and build the Framework, or raise FrameworkError listing every problem."""
    reader = _Reader(filename)
    root = _compose(text, filename)
    top = reader.mapping(
        root,
        "the framework",
        required=("key", "version", "title", "source", "scale", "areas"),
        optional=("variants",),
    )
    if top is None:
        raise FrameworkError(reader.messages)

    key = reader.slug(top.get("key"), "the framework's key", MAX_KEY)
    version = reader.text(top.get("version"), "the framework's version", MAX_VERSION)
    if version is not None and not _VERSION_RE.match(version):
        reader.problem(top["version"], f"version '{version}' may use only letters, digits, dots and hyphens")
    title = reader.text(top.get("title"), "the framework's title", MAX_TITLE)
    source = _read_source(reader, top.get("source"))
    scale = _read_scale(reader, top.get("scale"))
    variants, variants_ok = _read_variants(reader, top.get("variants"))
    known_variants = [v for v, _ in variants] if variants_ok else None
    areas = _read_areas(reader, top.get("areas"), _key_line(root, "areas"), known_variants)

    built: dict[str, Variant] = {}
    if areas is not None:
        for variant_id, variant_title in variants:
            built[variant_id] = _build_variant(reader, variant_id, variant_title, areas, len(variants) > 1)

    if reader.has_problems:
        raise FrameworkError(reader.messages)
    return Framework(
        key=key,
        version=version,
        title=title,
        source=source,
        scale=scale,
        variants=MappingProxyType(built),
    )


def _compose(text: str, filename: str) -> Node:
    if len(text) > MAX_FILE_CHARS:
        raise FrameworkError(
            [f"{filename} line 1: the file is {len(text):,} characters long; the limit is {MAX_FILE_CHARS:,}"]
        )
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        detail = ", ".join(part for part in (exc.context, exc.problem) if part) or "it could not be read"
        # An unclosed quote or bracket is found where the file ends: say where it began too.
        if exc.context_mark is not None and exc.context_mark.line + 1 != line:
            detail += f" (it starts on line {exc.context_mark.line + 1})"
        raise FrameworkError([f"{filename} line {line}: this is not valid YAML: {detail}"]) from None
    except yaml.YAMLError as exc:
        # A character YAML does not allow: the error knows its position, not its line.
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        reason = getattr(exc, "reason", None) or "it could not be read"
        raise FrameworkError([f"{filename} line {line}: this is not valid YAML: {reason}"]) from None
    if root is None:
        raise FrameworkError(
            [
                f"{filename} line 1: the file is empty; a framework needs key, version, title, source, "
                "scale and areas"
            ]
        )
    return root


class _Reader:
    """Reads composed YAML nodes against the expected shape, collecting problems with their lines.

    Every helper takes the node or None (None: the key was missing, already reported) and returns the
    value or None after recording a problem, so one pass reports as much as it can.
    """

    def __init__(self, filename: str):
        self.filename = filename
        self._problems: list[tuple[int, int, str]] = []
        # A value is reported on its key's line: a block list or mapping starts on the line after.
        self._key_lines: dict[int, int] = {}

    @property
    def has_problems(self) -> bool:
        return bool(self._problems)

    @property
    def count(self) -> int:
        return len(self._problems)

    @property
    def messages(self) -> list[str]:
        return [f"{self.filename} line {line}: {message}" for line, _, message in sorted(self._problems)]

    def problem(self, where: Node | int, message: str) -> None:
        line = where if isinstance(where, int) else self.line_of(where)
        self._problems.append((line, len(self._problems), message))

    def line_of(self, node: Node) -> int:
        return self._key_lines.get(id(node), node.start_mark.line + 1)

    def mapping(
        self,
        node: Node | None,
        what: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        noun: str = "key",
    ) -> dict[str, Node] | None:
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a set of 'name: value' lines, not {_describe(node)}")
            return None
        required = tuple(required)
        allowed = required + tuple(optional)
        found: dict[str, Node] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR):
                self.problem(key_node, f"{what} has a key that is not a plain name: {_describe(key_node)}")
                continue
            key = key_node.value
            if key in lines:
                self.problem(key_node, f"{what} has '{key}' twice (first on line {lines[key]})")
                continue
            lines[key] = key_node.start_mark.line + 1
            self._key_lines[id(value_node)] = lines[key]
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                advice = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
                self.problem(key_node, f"{what} has an unknown {noun} '{key}' ({advice})")
                continue
            found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(node, f"{what} is missing '{key}'")
        return found

    def sequence(self, node: Node | None, what: str) -> list[Node] | None:
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a list (lines starting with '- '), not {_describe(node)}")
            return None
        return list(node.value)

    def text(self, node: Node | None, what: str, limit: int) -> str | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == _STR):
            advice = " (put it in quotes)" if isinstance(node, ScalarNode) and node.tag != _NULL else ""
            self.problem(node, f"{what} must be text, not {_describe(node)}{advice}")
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, f"{what} must not be empty")
            return None
        if len(value) > limit:
            self.problem(node, f"{what} is {len(value)} characters long; the limit is {limit}")
            return None
        return value

    def optional_text(self, node: Node | None, what: str, limit: int) -> str | None:
        if _is_null(node):
            return None
        return self.text(node, what, limit)

    def slug(self, node: Node | None, what: str, limit: int) -> str | None:
        value = self.text(node, what, limit)
        if value is not None and not _SLUG_RE.match(value):
            self.problem(
                node, f"{what} '{value}' must be lower-case letters, digits and hyphens, e.g. 'leadership'"
            )
            return None
        return value

    def integer(self, node: Node | None, what: str) -> int | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == _INT):
            self.problem(node, f"{what} must be a whole number, not {_describe(node)}")
            return None
        return yaml.constructor.SafeConstructor().construct_yaml_int(node)

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return None
        if not (isinstance(node, ScalarNode) and node.tag == _BOOL):
            self.problem(node, f"{what} must be true or false, not {_describe(node)}")
            return None
        return yaml.constructor.SafeConstructor().construct_yaml_bool(node)

    def text_list(
        self, node: Node | None, what: str, limit: int, least: int, most: int, item: str
    ) -> tuple[str, ...] | None:
        items = self.sequence(node, what)
        if items is None:
            return None
        if not least <= len(items) <= most:
            plural = "" if len(items) == 1 else "s"
            self.problem(node, f"{what} has {len(items)} {item}{plural}; give {least} to {most}")
        values = [self.text(n, f"{what}, item {i},", limit) for i, n in enumerate(items, start=1)]
        if any(v is None for v in values):
            return None
        return tuple(values)


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a set of 'name: value' lines"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = _KINDS.get(node.tag, f"a value tagged {node.tag}")
    return kind if node.tag == _NULL else f"{kind} ({node.value!r})"


def _key_line(node: Node, key: str) -> int:
    """The line of `key:` in a mapping (the value's own line can be later, e.g. a block list)."""
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node.start_mark.line + 1
    return node.start_mark.line + 1


def _peek_id(node: Node) -> str | None:
    """The `id` written in a mapping, before it is checked, so messages can name what they are about."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "id"
                and isinstance(value_node, ScalarNode)
                and value_node.tag == _STR
                and value_node.value.strip()
            ):
                return value_node.value.strip()
    return None


def _is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, ScalarNode) and node.tag == _NULL)


def _read_source(reader: _Reader, node: Node | None) -> Source | None:
    fields = reader.mapping(
        node,
        "source",
        required=("title", "publisher"),
        optional=("edition", "published", "urls", "area_titles_confirmed", "note"),
    )
    if fields is None:
        return None
    urls: tuple[str, ...] = ()
    if "urls" in fields:
        items = reader.sequence(fields["urls"], "source urls") or []
        found = []
        for url_node in items:
            url = reader.text(url_node, "a source url", MAX_URL)
            if url is not None and not _URL_RE.match(url):
                reader.problem(url_node, f"source url '{url}' must start with http:// or https://")
            elif url is not None:
                found.append(url)
        urls = tuple(found)
    confirmed = False
    if "area_titles_confirmed" in fields:
        confirmed = bool(reader.boolean(fields["area_titles_confirmed"], "source area_titles_confirmed"))
    return Source(
        title=reader.text(fields.get("title"), "the source's title", MAX_SOURCE_FIELD),
        publisher=reader.text(fields.get("publisher"), "the source's publisher", MAX_SOURCE_FIELD),
        edition=reader.optional_text(fields.get("edition"), "the source's edition", MAX_SOURCE_FIELD),
        published=reader.optional_text(
            fields.get("published"), "the source's published date", MAX_SOURCE_FIELD
        ),
        urls=urls,
        area_titles_confirmed=confirmed,
        note=reader.optional_text(fields.get("note"), "the source's note", MAX_NOTE),
    )


def _read_scale(reader: _Reader, node: Node | None) -> Scale | None:
    fields = reader.mapping(node, "the scale", required=("levels",))
    if fields is None:
        return None
    items = reader.sequence(fields.get("levels"), "the scale's levels")
    if items is None:
        return None
    ok = True
    if not MIN_LEVELS <= len(items) <= MAX_LEVELS:
        reader.problem(
            fields["levels"], f"the scale has {len(items)} level(s); it needs {MIN_LEVELS} to {MAX_LEVELS}"
        )
        ok = False
    levels: list[Level] = []
    labels: dict[str, int] = {}
    for position, level_node in enumerate(items, start=1):
        what = f"scale level {position}"
        level = reader.mapping(level_node, what, required=("value", "label", "description"))
        if level is None:
            ok = False
            continue
        value = reader.integer(level.get("value"), f"{what}'s value")
        label = reader.text(level.get("label"), f"{what}'s label", MAX_LABEL)
        description = reader.text(level.get("description"), f"{what}'s description", MAX_LEVEL_DESCRIPTION)
        if value is not None and value != position:
            reader.problem(
                level["value"],
                f"scale values must run 1, 2, 3 … in order with no gaps: level {position} should have "
                f"value {position}, not {value}",
            )
            ok = False
        if label is not None:
            folded = label.casefold()
            if folded in labels:
                reader.problem(
                    level["label"], f"scale label '{label}' is used twice (first on line {labels[folded]})"
                )
                ok = False
            else:
                labels[folded] = level["label"].start_mark.line + 1
        if value is None or label is None or description is None:
            ok = False
            continue
        levels.append(Level(value, label, description))
    return Scale(tuple(levels)) if ok else None


def _read_variants(reader: _Reader, node: Node | None) -> tuple[list[tuple[str, str]], bool]:
    """The declared variants as (id, title), and whether they could be read cleanly."""
    if node is None:
        return [(MAINSTREAM, DEFAULT_VARIANT_TITLE)], True
    items = reader.sequence(node, "variants")
    if items is None:
        return [], False
    if not items:
        reader.problem(node, "variants is empty; list at least one, or leave the block out")
        return [], False
    variants: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    ok = True
    for position, variant_node in enumerate(items, start=1):
        fields = reader.mapping(variant_node, f"variant {position}", required=("id", "title"))
        if fields is None:
            ok = False
            continue
        variant_id = reader.slug(fields.get("id"), f"variant {position}'s id", MAX_KEY)
        title = reader.text(fields.get("title"), f"variant {position}'s title", MAX_VARIANT_TITLE)
        if variant_id is not None and variant_id in seen:
            first = seen[variant_id]
            reader.problem(fields["id"], f"variant id '{variant_id}' is used twice (first on line {first})")
            ok = False
            continue
        if variant_id is None or title is None:
            ok = False
            continue
        seen[variant_id] = fields["id"].start_mark.line + 1
        variants.append((variant_id, title))
    return variants, ok


@dataclass
class _StatementSpec:
    id: str
    line: int
    base: dict[str, Any]
    overrides: dict[str, dict[str, Any]]
    only: tuple[str, ...] | None


@dataclass
class _AreaSpec:
    id: str
    number: int
    title: str
    scope: str
    overrides: dict[str, dict[str, Any]]
    statements_line: int
    statements: list[_StatementSpec]


def _read_areas(
    reader: _Reader, node: Node | None, key_line: int, known_variants: list[str] | None
) -> list[_AreaSpec] | None:
    items = reader.sequence(node, "areas")
    if items is None:
        return None
    if len(items) != AREA_COUNT:
        reader.problem(key_line, f"the framework needs exactly {AREA_COUNT} areas; found {len(items)}")
    area_ids: dict[str, int] = {}
    statement_ids: dict[str, int] = {}
    areas: list[_AreaSpec] = []
    complete = True
    for position, area_node in enumerate(items, start=1):
        area = _read_area(reader, area_node, position, known_variants, area_ids, statement_ids)
        if area is None:
            complete = False
        else:
            areas.append(area)
    return areas if complete else None


def _read_area(
    reader: _Reader,
    node: Node,
    position: int,
    known_variants: list[str] | None,
    area_ids: dict[str, int],
    statement_ids: dict[str, int],
) -> _AreaSpec | None:
    peeked = _peek_id(node)
    fields = reader.mapping(
        node,
        f"area '{peeked}'" if peeked else f"area {position}",
        required=("id", "number", "title", "scope", "statements"),
        optional=("variants",),
    )
    if fields is None:
        return None
    area_id = reader.slug(fields.get("id"), f"area {position}'s id", MAX_KEY)
    if area_id is not None:
        if area_id in area_ids:
            first = area_ids[area_id]
            reader.problem(fields["id"], f"area id '{area_id}' is used twice (first on line {first})")
        else:
            area_ids[area_id] = fields["id"].start_mark.line + 1
    what = f"area '{area_id}'" if area_id else f"area {position}"
    number = reader.integer(fields.get("number"), f"{what}'s number")
    if number is not None and number != position:
        reader.problem(
            fields["number"],
            f"{what} has number {number} but is area {position} in the list; number the areas 1 to "
            f"{AREA_COUNT} in order",
        )
    title = reader.text(fields.get("title"), f"{what}'s title", MAX_TITLE)
    scope = reader.text(fields.get("scope"), f"{what}'s scope", MAX_SCOPE)
    overrides = _read_overrides(
        reader,
        fields.get("variants"),
        what,
        known_variants,
        _AREA_OVERRIDE_KEYS,
        {"title": MAX_TITLE, "scope": MAX_SCOPE},
    )

    statements: list[_StatementSpec] = []
    complete = True
    items = reader.sequence(fields.get("statements"), f"{what}'s statements")
    if items is None:
        complete = False
    for index, statement_node in enumerate(items or [], start=1):
        statement = _read_statement(
            reader, statement_node, index, area_id, what, known_variants, statement_ids
        )
        if statement is None:
            complete = False
        else:
            statements.append(statement)

    if not complete or None in (area_id, number, title, scope, overrides):
        return None
    return _AreaSpec(area_id, number, title, scope, overrides, _key_line(node, "statements"), statements)


def _read_statement(
    reader: _Reader,
    node: Node,
    index: int,
    area_id: str | None,
    area_what: str,
    known_variants: list[str] | None,
    statement_ids: dict[str, int],
) -> _StatementSpec | None:
    peeked = _peek_id(node)
    fields = reader.mapping(
        node,
        f"statement '{peeked}'" if peeked else f"statement {index} in {area_what}",
        required=("id", "text", "hint", "evidence_prompts"),
        optional=("pupil_text", "variants", "only"),
    )
    if fields is None:
        return None
    statement_id = reader.text(fields.get("id"), f"statement {index} in {area_what}: the id", MAX_KEY * 2)
    pattern = rf"^{re.escape(area_id)}\.{_SLUG}$" if area_id else None
    if statement_id is not None and pattern and not re.match(pattern, statement_id):
        reader.problem(
            fields["id"],
            f"statement id '{statement_id}' must be the area id, a dot and a short lower-case name, "
            f"e.g. '{area_id}.senior-profile'",
        )
        statement_id = None
    if statement_id is not None:
        if statement_id in statement_ids:
            reader.problem(
                fields["id"],
                f"statement id '{statement_id}' is used twice (first on line {statement_ids[statement_id]})",
            )
        else:
            statement_ids[statement_id] = fields["id"].start_mark.line + 1
    what = f"statement '{statement_id}'" if statement_id else f"statement {index} in {area_what}"

    base = {
        "text": reader.text(fields.get("text"), f"{what}: 'text'", MAX_TEXT),
        "hint": reader.text(fields.get("hint"), f"{what}: 'hint'", MAX_HINT),
        "evidence_prompts": reader.text_list(
            fields.get("evidence_prompts"),
            f"{what}: 'evidence_prompts'",
            MAX_PROMPT,
            MIN_PROMPTS,
            MAX_PROMPTS,
            "evidence prompt",
        ),
        "pupil_text": reader.optional_text(fields.get("pupil_text"), f"{what}: 'pupil_text'", MAX_PUPIL_TEXT),
    }
    only = _read_only(reader, fields.get("only"), what, known_variants)
    overrides = _read_overrides(
        reader,
        fields.get("variants"),
        what,
        known_variants,
        _STATEMENT_KEYS,
        {"text": MAX_TEXT, "hint": MAX_HINT, "pupil_text": MAX_PUPIL_TEXT},
    )
    if overrides and only:
        for variant_id in overrides:
            if variant_id not in only:
                reader.problem(
                    fields["variants"],
                    f"{what} has wording for the '{variant_id}' variant but is limited to "
                    f"{', '.join(only)} by 'only'",
                )
    if statement_id is None or overrides is None or only is False:
        return None
    if any(base[k] is None for k in ("text", "hint", "evidence_prompts")):
        return None
    return _StatementSpec(statement_id, fields["id"].start_mark.line + 1, base, overrides, only or None)


def _read_only(
    reader: _Reader, node: Node | None, what: str, known_variants: list[str] | None
) -> tuple[str, ...] | None | bool:
    """The variants a statement is limited to; None when unlimited, False after a problem."""
    if node is None:
        return None
    items = reader.sequence(node, f"{what}: 'only'")
    if items is None:
        return False
    if not items:
        reader.problem(node, f"{what}: only must name at least one variant")
        return False
    chosen: list[str] = []
    ok = True
    for item in items:
        variant_id = reader.text(item, f"{what}: a variant in 'only'", MAX_KEY)
        if variant_id is None:
            ok = False
        elif known_variants is not None and variant_id not in known_variants:
            reader.problem(
                item,
                f"{what}: 'only' names an unknown variant '{variant_id}' "
                f"(the variants are {', '.join(known_variants)})",
            )
            ok = False
        elif variant_id in chosen:
            reader.problem(item, f"{what}: 'only' names '{variant_id}' twice")
            ok = False
        else:
            chosen.append(variant_id)
    return tuple(chosen) if ok else False


def _read_overrides(
    reader: _Reader,
    node: Node | None,
    what: str,
    known_variants: list[str] | None,
    keys: tuple[str, ...],
    limits: dict[str, int],
) -> dict[str, dict[str, Any]] | None:
    """Per-variant wording: {variant id: {key: value}}. None after a problem."""
    if node is None:
        return {}
    if known_variants is None:
        # The variants block itself is broken and already reported: the names cannot be checked.
        return None
    before = reader.count
    fields = reader.mapping(node, f"{what}: variants", optional=known_variants, noun="variant")
    if fields is None:
        return None
    overrides: dict[str, dict[str, Any]] = {}
    for variant_id, override_node in fields.items():
        changes = reader.mapping(override_node, f"{what}: the {variant_id} wording", optional=keys)
        if changes is None:
            continue
        if not changes:
            reader.problem(override_node, f"{what}: the {variant_id} wording changes nothing")
            continue
        values: dict[str, Any] = {}
        for key, value_node in changes.items():
            label = f"{what}: the {variant_id} {key}"
            if key == "evidence_prompts":
                values[key] = reader.text_list(
                    value_node, label, MAX_PROMPT, MIN_PROMPTS, MAX_PROMPTS, "evidence prompt"
                )
            elif key == "pupil_text" and _is_null(value_node):
                values[key] = None  # this variant has no pupil wording
            else:
                values[key] = reader.text(value_node, label, limits[key])
        overrides[variant_id] = values
    return overrides if reader.count == before else None


def _build_variant(
    reader: _Reader, variant_id: str, variant_title: str, areas: list[_AreaSpec], name_variant: bool
) -> Variant:
    built: list[Area] = []
    for area in areas:
        statements = []
        for spec in area.statements:
            if spec.only is not None and variant_id not in spec.only:
                continue
            wording = {**spec.base, **spec.overrides.get(variant_id, {})}
            statements.append(
                Statement(
                    id=spec.id,
                    text=wording["text"],
                    hint=wording["hint"],
                    evidence_prompts=tuple(wording["evidence_prompts"]),
                    pupil_text=wording["pupil_text"],
                )
            )
        if not MIN_STATEMENTS <= len(statements) <= MAX_STATEMENTS:
            where = f" in the {variant_id} variant" if name_variant else ""
            reader.problem(
                area.statements_line,
                f"area '{area.id}' has {len(statements)} statements{where}; each area needs "
                f"{MIN_STATEMENTS} to {MAX_STATEMENTS}",
            )
        area_wording = {"title": area.title, "scope": area.scope, **area.overrides.get(variant_id, {})}
        built.append(
            Area(
                id=area.id,
                number=area.number,
                title=area_wording["title"],
                scope=area_wording["scope"],
                statements=tuple(statements),
            )
        )
    return Variant(variant_id, variant_title, tuple(built))
