"""Synthetic but realistic Learn Amp and Brightspace exports (`lwh generate`).

Everything is computed in DuckDB SQL over `range()`; every random draw is
`hash(key, salt, seed)`, so a value depends only on its row's key and the seed: the output
is the same bytes for the same seed on any run, and the work is vectorised and parallel.

Learn Amp is written as one CSV per table, the way a Redshift export writes it (`t`/`f`
booleans, UTC timestamps without zone, empty field for NULL). Brightspace is written as one
ZIP per extract holding one UTF-8-with-BOM CSV with the documented PascalCase header: one
full extract per data set and daily differentials after it.

Time line (E = --end, 00:00 UTC): the company's history runs over the two years before E.
The Brightspace full extracts are taken at F = E - 7 days + 3h; differential d (d = 1..7)
covers (F + (d-1) days, F + d days]. The Learn Amp export is taken at E.

The modules:

* world.py: the settings, the DuckDB connection, the random-draw macros and the people;
* learnamp.py: the Learn Amp build steps and the registry of its tables (start there to add
  a table), with learnamp_people.py and learnamp_learning.py building the working tables;
* brightspace.py: the Brightspace working tables, extracts and differentials (Users module,
  Organizational Units with its hierarchy, Role Details);
* brightspace_learning.py: the Brightspace learning data sets (content, grades, quizzes,
  assignments, org unit ancestors) for the same learners and course offerings;
* writers.py: CSV, ZIP, manifest and progress;
* generator.py: `Generator`, one run putting them together.
"""

from lwh.generate.generator import Generator
from lwh.generate.world import DEFAULT_END, DIFFERENTIAL_DAYS, HORIZON_DAYS
from lwh.generate.writers import Progress, Written

__all__ = ["DEFAULT_END", "DIFFERENTIAL_DAYS", "HORIZON_DAYS", "Generator", "Progress", "Written"]
