"""Generated dbt files are in step with the column spec."""

from lwh.devtools import codegen


def test_generated_files_are_up_to_date():
    assert codegen.main(["--check"]) == 0, "run `lwh codegen` and commit the result"
