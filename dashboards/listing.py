"""Long lists that answer a question: the area, school and triad filters and the paging of the
peer matching and strengths pages, read from the page's query string (a GET form, so a filtered
page can be bookmarked and works without JavaScript). Values the cohort does not have are ignored,
never an error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboards.data import CohortData
from dashboards.layout import FilterChoice, FilterForm
from dashboards.summaries import present

PER_PAGE = 25


def _whole(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class ListFilter:
    area: str = ""
    school: int | None = None
    triad: int | None = None
    pages: Mapping[str, int] = field(default_factory=dict)  # query parameter -> page number

    @classmethod
    def read(cls, args: Mapping[str, str], cohort: CohortData, page_params: Iterable[str] = ("page",)) -> ListFilter:
        areas = cohort.framework.area_ids if cohort.framework else []
        schools = set(int(s) for s in cohort.schools["school_id"])
        triads = set(int(t) for t in cohort.schools["triad_id"].dropna())
        area, school, triad = args.get("area", ""), _whole(args.get("school")), _whole(args.get("triad"))
        return cls(area=area if area in areas else "",
                   school=school if school in schools else None,
                   triad=triad if triad in triads else None,
                   pages={p: max(_whole(args.get(p)) or 1, 1) for p in page_params})

    @property
    def query(self) -> dict[str, str]:
        """The filters as query arguments, for the downloads and the other pages of the list."""
        found = {"area": self.area, "school": self.school, "triad": self.triad}
        return {key: str(value) for key, value in found.items() if value not in ("", None)}

    def page(self, param: str = "page") -> int:
        return self.pages.get(param, 1)

    def keep(self, frame: pd.DataFrame, triad_of: Mapping[int, int | None],
             school_columns: tuple[str, ...] = ("school_id",)) -> pd.DataFrame:
        """The rows of `frame` in the chosen area and about the chosen school or triad: a row is
        about a school when any of `school_columns` is that school (or a school of that triad)."""
        kept = pd.Series(True, index=frame.index)
        if self.area:
            kept &= frame["area_id"] == self.area
        for wanted, of in ((self.school, lambda s: s), (self.triad, lambda s: triad_of.get(s))):
            if wanted is None:
                continue
            about = pd.Series(False, index=frame.index)
            for column in school_columns:
                about |= pd.Series([present(s) and of(int(s)) == wanted for s in frame[column]],
                                   index=frame.index, dtype=bool)
            kept &= about
        return frame[kept]

    def described(self, cohort: CohortData) -> list[tuple[str, str]]:
        names = _names(cohort)
        found = []
        if self.area:
            area = cohort.framework.area(self.area)
            found.append(("Area", f"{area.number}. {area.title}"))
        if self.school is not None:
            found.append(("School", names["schools"][self.school]))
        if self.triad is not None:
            found.append(("Triad", names["triads"][self.triad]))
        return found

    def form(self, cohort: CohortData, action: str, school_hint: str = "", triad_hint: str = "") -> FilterForm:
        names = _names(cohort)
        areas = [(a.id, f"{a.number}. {a.title}") for a in cohort.framework.areas] if cohort.framework else []
        return FilterForm(action, [
            FilterChoice("area", "Area", areas, self.area),
            FilterChoice("school", "School", [(str(k), v) for k, v in names["schools"].items()],
                         str(self.school or ""), school_hint),
            FilterChoice("triad", "Triad", [(str(k), v) for k, v in names["triads"].items()],
                         str(self.triad or ""), triad_hint),
        ], clear_href=action)


def triads_of(cohort: CohortData) -> dict[int, int | None]:
    return {int(s): (int(t) if present(t) else None)
            for s, t in zip(cohort.schools["school_id"], cohort.schools["triad_id"], strict=True)}


def _names(cohort: CohortData) -> dict[str, dict[int, str]]:
    schools = cohort.schools
    triads = schools.dropna(subset=["triad_id"]).drop_duplicates("triad_id")
    return {
        "schools": {int(s): n for s, n in zip(schools["school_id"], schools["school_name"], strict=True)},
        "triads": dict(sorted(((int(t), n) for t, n in zip(triads["triad_id"], triads["triad_name"], strict=True)),
                              key=lambda item: item[1].casefold())),
    }
