"""Landing: what `lwh land` and `lwh unland` do to put vendor exports where the dbt sources read them
(recognising a delivery, reading its CSV, naming the landed file, the journal that keeps the
landing area whole)."""
