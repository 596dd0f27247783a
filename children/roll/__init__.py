"""The roll: who is on the Virtual School's roll on a day, and everything that reads the whole
roll. Each rule is written once, in `rules.py`.

- `rules.py`: open on a day (episodes, placements), looked after on a day, Virtual School age,
  the episode and the school on a day, school year, NC year and key stage, phase teams: each
  as a database filter (Q) and as a Python function over loaded rows.
- `loader.py`: the one loader of the roll: `RollEntry` per child with their episodes,
  placements (and PEPs when asked) in a fixed number of queries.
- `groups.py`: the labels children are grouped by on every page (key stage, year group, in or
  out of the LA, school) and narrowing the roll by them (the dashboard's filters).
- `filters.py`: the roll page's filter form as queryset filters.
- `cohort.py`: the cohort page's counts.
- `export.py`: the roll as rows (`export_roll`, the roll page's download).
"""
