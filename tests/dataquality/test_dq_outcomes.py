"""Values in Glue's messages are written as the JVM writes a Double (java.lang.Double.toString)."""

import pytest

from localglue.dataquality.evaluation.outcomes import jvm_double, not_met


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (4.0, "4.0"),
        (0.5, "0.5"),
        (1 / 3, "0.3333333333333333"),
        (0.001, "0.001"),
        (9999999.0, "9999999.0"),
        (1e7, "1.0E7"),
        (123456789.0, "1.23456789E8"),
        (0.0001, "1.0E-4"),
        (-0.000025, "-2.5E-5"),
        (0.0, "0.0"),
        (float("nan"), "NaN"),
    ],
)
def test_jvm_double(value, written):
    assert jvm_double(value) == written


def test_counts_are_written_as_integers():
    assert not_met(5) == "Value: 5 does not meet the constraint requirement!"
    assert not_met(5.0) == "Value: 5.0 does not meet the constraint requirement!"
