"""Generated dbt files are in step with the column spec."""

import shutil

from lwh.devtools import codegen

from dbt_helpers import PROJECT


def test_generated_files_are_up_to_date():
    assert codegen.main(["--check"]) == 0, "run `lwh codegen` and commit the result"


def test_a_hand_written_staging_model_that_leaves_its_template_is_found(tmp_path):
    shutil.copy(PROJECT / "dbt_project.yml", tmp_path / "dbt_project.yml")
    shutil.copytree(PROJECT / "models" / "staging", tmp_path / "models" / "staging")
    assert codegen.template_drift(tmp_path) == []
    model = tmp_path / "models" / "staging" / "learnamp" / "stg_learnamp__content.sql"
    text = model.read_text(encoding="utf-8")
    assert "partition by type_with_id" in text
    model.write_text(text.replace("partition by type_with_id", "partition by type_with_id, name"), encoding="utf-8")
    assert codegen.template_drift(tmp_path) == [model]
