"""The triad-forming helper: proposed triads for a cohort's schools that are not in a triad yet,
pairing needs with strengths and putting a strong school in as coach. The LA lead creates the
ones they want (and changes any of them afterwards on the triad's own page)."""

from __future__ import annotations

import pandas as pd
from flask import flash, redirect, render_template, request, url_for

from app.auth.decorators import la_role_required
from app.forms import Form
from app.interfaces.errors import Invalid
from app.models import Cohort
from app.tenancy import current_la
from dashboards import access, bp, matching
from dashboards.data import CohortData
from triads import interfaces as triads

MAX_NAME = 120


def _source_ratings(data: CohortData) -> tuple[pd.DataFrame, str]:
    """This cohort's submitted judgements; for schools without one, the previous cohort's."""
    # Named by the cohort's year, not "this year's": the lead may be looking at last year's cohort.
    ratings = data.area_ratings
    previous = data.previous_cohort
    year = data.cohort.academic_year
    if previous is None:
        return ratings, f"the self-evaluations submitted for {year}"
    submitted = set(ratings.loc[ratings["submitted"], "school_id"])
    earlier = CohortData(data.la, previous, framework=data.framework).area_ratings
    earlier = earlier[~earlier["school_id"].isin(submitted)]
    return (pd.concat([ratings[ratings["submitted"]], earlier], ignore_index=True),
            f"the self-evaluations submitted for {year}, or for {previous.academic_year} where a "
            f"school has not submitted one for {year}")


def _proposals(cohort: Cohort):
    data = CohortData(current_la, cohort)
    placed = set(triads.triad_names_by_school(cohort))
    free = [int(s) for s in data.schools["school_id"] if int(s) not in placed]
    names = dict(zip(data.schools["school_id"].astype(int), data.schools["school_name"], strict=True))
    titles = {a.id: a.title for a in data.framework.areas} if data.framework else {}
    ratings, source = _source_ratings(data) if data.framework else (data.area_ratings, "")
    return matching.propose_triads(free, ratings, names, titles), names, source, len(placed)


@bp.route("/cohorts/<int:cohort_id>/form-triads", methods=["GET", "POST"])
@la_role_required(access.TRIAD_FORMER)
def form_triads(cohort_id: int):
    cohort = access.load_cohort(cohort_id)
    proposals, names, source, already = _proposals(cohort)
    existing = len(triads.list_triads(current_la, cohort))
    default_names = [f"Triad {existing + n}" for n in range(1, len(proposals.triads) + 1)]
    form = Form()  # for its CSRF check
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        chosen = [n for n in range(len(proposals.triads)) if request.form.get(f"accept-{n}") == "yes"]
        if not chosen:
            errors["accept-0"] = "Select at least one proposed triad to create"
        for n in chosen:
            name = (request.form.get(f"name-{n}") or "").strip()
            if not name or len(name) > MAX_NAME:
                errors[f"name-{n}"] = f"Enter a name for the triad, {MAX_NAME} characters or fewer"
        if not errors:
            for n in chosen:
                proposal = proposals.triads[n]
                try:
                    triads.create_triad(current_la, cohort, request.form[f"name-{n}"].strip(),
                                        proposal.member_ids, proposal.coach_id)
                except Invalid as exc:
                    errors[f"name-{n}"] = " ".join(exc.errors.values())
                    break
            else:
                flash(f"{len(chosen)} {'triad has' if len(chosen) == 1 else 'triads have'} been created. "
                      "Change any of them from the cohort page.")
                return redirect(url_for("admin.cohort", cohort_id=cohort.id))
            # When one is refused the page answers 400, which rolls back the triads made before it.
    return render_template(
        "dashboards/form_triads.html", cohort=cohort, proposals=proposals, names=names, source=source,
        already=already, default_names=default_names, errors=errors, form=form, rule=matching.PLACEMENT_RULE,
        no_data_names=[names[s] for s in proposals.no_data], unplaced_names=[names[s] for s in proposals.unplaced],
        typed={key: value for key, value in request.form.items() if key.startswith(("name-", "accept-"))},
    ), 400 if errors else 200
