"""Derived attainment measures for reports (DfE definitions, simplified where noted):

- KS2 expected standard in reading, writing and maths combined: reading and maths scaled scores
  of 100 or more and writing teacher assessment EXS or GDS.
- KS4 Attainment 8: points (9 to 1, U = 0) over ten slots: maths double weighted; English
  (the better of language and literature) double weighted when both were taken; three EBacc
  slots (sciences, computing, geography, history, languages; combined science fills two); three
  open slots from what is left, including the other English.
- KS4 grade 4 or above, and 5 or above, in both English (either) and maths."""

from __future__ import annotations

from dataclasses import dataclass

from attainment.models import Kind

ENGLISH = ("english_language", "english_literature")
EBACC = {
    "biology",
    "chemistry",
    "physics",
    "computer_science",
    "geography",
    "history",
    "french",
    "german",
    "spanish",
    "italian",
    "latin",
    "ancient_greek",
    "mandarin",
    "arabic",
    "urdu",
    "polish",
    "other_language",
}
DOUBLE_AWARDS = {"combined_science"}


def points(grade: str) -> int:
    return 0 if grade == "U" else int(grade)


def latest(results, kinds) -> dict[str, str]:
    """The most recent result per subject among `kinds` (results: AssessmentResult rows)."""
    order = {"autumn": 0, "spring": 1, "summer": 2}
    best: dict[str, tuple] = {}
    for r in results:
        if r.kind in kinds:
            key = (r.academic_year, order[r.term])
            if r.subject not in best or key > best[r.subject][0]:
                best[r.subject] = (key, r.result)
    return {subject: result for subject, (_, result) in best.items()}


def ks2_expected_rwm(results) -> bool | None:
    """None when the child has no KS2 results to judge."""
    scaled = latest(results, {Kind.KS2_SCALED})
    ta = latest(results, {Kind.KS2_TA})
    if not (scaled.get("reading") and scaled.get("maths") and ta.get("writing")):
        return None
    return (
        int(scaled["reading"]) >= 100
        and int(scaled["maths"]) >= 100
        and ta["writing"] in ("EXS", "GDS")
    )


def attainment8(grades: dict[str, str]) -> int:
    pts = {s: points(g) for s, g in grades.items()}
    total = 2 * pts.get("maths", 0)
    english = sorted((pts[s] for s in ENGLISH if s in pts), reverse=True)
    rest: list[int] = []
    if len(english) == 2:
        total += 2 * english[0]
        rest.append(english[1])
    elif english:
        total += english[0]
    ebacc: list[int] = []
    for subject, p in pts.items():
        if subject in DOUBLE_AWARDS:
            ebacc += [p, p]
        elif subject in EBACC:
            ebacc.append(p)
        elif subject not in ENGLISH and subject != "maths":
            rest.append(p)
    ebacc.sort(reverse=True)
    total += sum(ebacc[:3])
    rest += ebacc[3:]
    return total + sum(sorted(rest, reverse=True)[:3])


@dataclass
class Ks4:
    attainment8: int
    english_maths_4: bool
    english_maths_5: bool
    predicted: bool  # from predicted grades, not results


def ks4(results) -> Ks4 | None:
    grades = latest(results, {Kind.GCSE})
    predicted = False
    if not grades:
        grades, predicted = latest(results, {Kind.PREDICTED}), True
    if not grades:
        return None
    english = max((points(grades[s]) for s in ENGLISH if s in grades), default=0)
    maths = points(grades.get("maths", "U"))
    return Ks4(
        attainment8(grades), english >= 4 and maths >= 4, english >= 5 and maths >= 5, predicted
    )
