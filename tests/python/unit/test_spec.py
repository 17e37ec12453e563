"""The column spec (the sources yml files) is complete and consistent with the vendor documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lwh import spec

SHARED = Path(spec.project_dir()).parent / "shared" / "source-docs"
# the vendor documents live beside the repository (../shared), not in it: a plain clone skips
# the checks against them, saying why
needs_vendor_documents = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the vendor schema documents are not there ({SHARED} is absent)")
# decimal(19,9) and smallint: D2L's types in the Grades, Quizzes and Assignments data sets
ALLOWED_TYPES = {"bigint", "integer", "smallint", "boolean", "varchar", "timestamp", "date", "decimal(14,2)",
                 "decimal(19,9)"}
# the optional data sets outside the Users module: two that name org units and roles
# (SOURCE-FACTS.md), and the learning data sets of issue 24 (D2L's documentation, meta doc_version)
NAMING = {"organizational_units", "role_details"}
LEARNING = {"content_objects", "content_user_progress", "content_user_completion", "grade_objects",
            "grade_results", "quiz_objects", "quiz_attempts", "assignment_summary", "assignment_submissions",
            "organizational_unit_ancestors"}


def test_all_documented_tables_are_declared():
    assert len(spec.tables("learnamp")) == 39
    documented = {t.name for t in spec.tables("brightspace").values() if not t.optional}
    assert documented == {
        "users", "user_logins", "user_enrollments", "enrollments_and_withdrawals", "course_access",
        "course_access_log", "user_attribute_definitions", "user_attribute_values", "auditor_relationships_log"}
    # the data sets outside the Users module are optional
    assert {t.name for t in spec.tables("brightspace").values() if t.optional} == NAMING | LEARNING


def test_every_table_has_a_key_and_typed_columns():
    for system in spec.SYSTEMS:
        for table in spec.tables(system).values():
            assert table.primary_key, f"{system}.{table.name} has no primary key"
            for col in table.columns:
                assert col.data_type in ALLOWED_TYPES, (system, table.name, col.name, col.data_type)
                assert col.doc_type, (system, table.name, col.name)


def test_learnamp_type_mapping_rules():
    """Integer -> integer (bigint for IDs); bigint -> bigint; Timestamp/Datetime -> timestamp; ..."""
    for table in spec.tables("learnamp").values():
        for col in table.columns:
            doc = col.doc_type.lower()
            if doc.startswith("integer"):
                expected = "bigint" if col.name == "id" or col.name.endswith("_id") else "integer"
            elif doc.startswith("bigint"):
                expected = "bigint"
            elif doc in ("timestamp", "datetime"):
                expected = "timestamp"
            elif doc == "date":
                expected = "date"
            elif doc in ("boolean", "booolean"):
                expected = "boolean"
            elif doc.startswith("numeric"):
                expected = "decimal(14,2)"
            else:
                assert doc == "string" or doc.startswith("varchar"), (table.name, col.name, doc)
                expected = "varchar"
            assert col.data_type == expected, (table.name, col.name, doc, col.data_type)


@needs_vendor_documents
def test_learnamp_columns_match_the_vendor_document():
    """Every table and field of the vendor document is in the spec, in the documented order."""
    doc = (SHARED / "learnamp-data-lake-schema.txt").read_text(encoding="utf-8")
    tables = spec.tables("learnamp")
    for name, table in tables.items():
        heading = "custom fields" if name == "custom_fields" else name
        start = re.search(rf"^{re.escape(heading)}( \(a\.k\.a [^)]*\))?$", doc, re.M)
        assert start, name
        block = doc[start.end():]
        fields = []
        for line in block.splitlines()[1:]:
            if "|" not in line:
                if fields and line.strip() and not line.startswith("primary_flag"):
                    break
                if line.startswith("primary_flag"):
                    fields.append("primary_flag")
                continue
            first = line.split("|")[0].strip()
            if first in ("Field name", "Field Name", "---", "") or first.startswith("---"):
                continue
            fields.append(first)
        assert fields == table.column_names, name


@needs_vendor_documents
def test_brightspace_columns_match_the_vendor_document():
    doc = (SHARED / "brightspace-data-sets-users.txt").read_text(encoding="utf-8")
    for table in spec.tables("brightspace").values():
        if table.optional:
            continue        # outside the Users module: test_naming_data_sets_match_source_facts
        for col in table.columns:
            assert re.search(rf"^{col.name}\s*\|?\s*$", doc, re.M), (table.name, col.name)


@needs_vendor_documents
def test_naming_data_sets_match_source_facts():
    """Organizational Units and Role Details: every field SOURCE-FACTS.md names, by name."""
    facts = (SHARED / "SOURCE-FACTS.md").read_text(encoding="utf-8")
    section = facts[facts.index("## Brightspace data sets outside the Users module"):]
    for table in (t for t in spec.tables("brightspace").values() if t.name in NAMING):
        entry = section[section.index(f"**{table.data_set}**"):]
        entry = entry[:entry.index("\n- **") if "\n- **" in entry else len(entry)]
        named = set(re.findall(r"`([A-Z][A-Za-z]+)`", entry))
        assert named == set(table.column_names), (table.name, named ^ set(table.column_names))


def test_snake_case():
    assert spec.snake_case("UserId") == "user_id"
    assert spec.snake_case("IP") == "ip"
    assert spec.snake_case("OrgDefinedId") == "org_defined_id"
    assert spec.snake_case("DayAccessed") == "day_accessed"
    assert spec.snake_case("UserToAuditId") == "user_to_audit_id"
