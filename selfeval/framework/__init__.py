"""The self-evaluation framework as data, and the pure scoring that rests on it.

A framework file (YAML, in `selfeval/frameworks/` or uploaded by an LA lead) holds the eight areas,
their statements, the rating scale and the variants (mainstream, specialist). `model` holds the
frozen dataclasses, `parse` reads and checks a file, `store` keeps the result as JSON and `scoring`
derives figures from ratings.

No Flask and no database here: commands, interfaces, dashboards and tests all use this package as is.
"""

from selfeval.framework.model import (
    MAINSTREAM,
    SPECIAL_PHASE,
    SPECIALIST,
    Area,
    Framework,
    FrameworkError,
    Level,
    Scale,
    Source,
    Statement,
    Variant,
)
from selfeval.framework.parse import (
    DEFAULT_FILE,
    DEFAULT_VARIANT_TITLE,
    FRAMEWORKS_DIR,
    bundled_files,
    default_framework,
    load_file,
    parse,
)
from selfeval.framework.scoring import (
    Ratings,
    Spread,
    area_mean,
    divergence,
    most_divergent,
    rank_statements,
    spread,
    strengths_and_development,
)
from selfeval.framework.store import DICT_FORMAT, from_dict, to_dict

__all__ = [
    "DEFAULT_FILE", "DEFAULT_VARIANT_TITLE", "DICT_FORMAT", "FRAMEWORKS_DIR", "MAINSTREAM", "SPECIALIST",
    "SPECIAL_PHASE", "Area", "Framework", "FrameworkError", "Level", "Ratings", "Scale", "Source", "Spread",
    "Statement", "Variant", "area_mean", "bundled_files", "default_framework", "divergence", "from_dict",
    "load_file", "most_divergent", "parse", "rank_statements", "spread", "strengths_and_development", "to_dict",
]
