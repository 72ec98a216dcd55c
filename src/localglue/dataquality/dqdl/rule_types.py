"""The rule types DQDL knows, with their parameters and what may follow them.

The facts are AWS's (awslabs/dqdl `configuration/rules/rules-config.json`): a ruleset naming a rule
type that is not here, or giving it the wrong number of parameters, is refused as Glue refuses it.
Whether localglue can *evaluate* a rule type is another matter, decided by the evaluation engine.
"""

from __future__ import annotations

from dataclasses import dataclass

NUMBER, BOOLEAN, STRING, DATE, DURATION, SIZE = "NUMBER", "BOOLEAN", "STRING", "DATE", "DURATION", "SIZE"


@dataclass(frozen=True)
class RuleType:
    name: str
    parameters: tuple[str, ...]
    returns: tuple[str, ...]  # the condition kinds it takes, tried in this order
    var_args: bool = False  # the last parameter repeats: TargetColumn1, TargetColumn2, ...
    threshold: bool = False  # `with threshold` allowed
    where: bool = False  # `where "..."` allowed
    analyzer_only: bool = False

    def accepts(self, count: int) -> bool:
        return count >= len(self.parameters) if self.var_args else count == len(self.parameters)

    def parameter_names(self, count: int) -> list[str]:
        """AWS's names for `count` parameters (IsUnique/Uniqueness with one column keep TargetColumn)."""
        if not self.var_args or (count == 1 and self.name in ("Uniqueness", "IsUnique")):
            return list(self.parameters[:count])
        fixed = list(self.parameters[:-1])
        return fixed + [f"{self.parameters[-1]}{index + 1}" for index in range(len(fixed), count)]


def _types(*types: RuleType) -> dict[str, list[RuleType]]:
    catalogue: dict[str, list[RuleType]] = {}
    for rule_type in types:
        catalogue.setdefault(rule_type.name, []).append(rule_type)
    return catalogue


_COLUMN = ("TargetColumn",)
_PATH = ("DataPath",)

RULE_TYPES = _types(
    RuleType("RowCount", (), (NUMBER,), where=True),
    RuleType("RowCountMatch", ("ReferenceDatasetAlias",), (NUMBER,)),
    RuleType("ColumnCount", (), (NUMBER,)),
    RuleType("Completeness", _COLUMN, (NUMBER,), where=True),
    RuleType("IsComplete", _COLUMN, (BOOLEAN,), where=True),
    RuleType("ColumnDataType", _COLUMN, (STRING,), threshold=True, where=True),
    RuleType("ColumnNamesMatchPattern", ("PatternToMatch",), (BOOLEAN,)),
    RuleType("ColumnExists", _COLUMN, (BOOLEAN,)),
    RuleType("ColumnCorrelation", ("TargetColumn1", "TargetColumn2"), (NUMBER,), where=True),
    RuleType("Uniqueness", _COLUMN, (NUMBER,), var_args=True, where=True),
    RuleType("IsUnique", _COLUMN, (BOOLEAN,), var_args=True, where=True),
    RuleType("Mean", _COLUMN, (NUMBER,), where=True),
    RuleType("Sum", _COLUMN, (NUMBER,), where=True),
    RuleType("StandardDeviation", _COLUMN, (NUMBER,), where=True),
    RuleType("Variance", _COLUMN, (NUMBER,), where=True),
    RuleType("Entropy", _COLUMN, (NUMBER,), where=True),
    RuleType("DistinctValuesCount", _COLUMN, (NUMBER,), where=True),
    RuleType("UniqueValueRatio", _COLUMN, (NUMBER,), where=True),
    RuleType("ColumnLength", _COLUMN, (NUMBER,), where=True),
    RuleType("IsPrimaryKey", _COLUMN, (BOOLEAN,), var_args=True, where=True),
    RuleType("ColumnValues", _COLUMN, (STRING, NUMBER, DATE), threshold=True, where=True),
    RuleType("DataFreshness", _COLUMN, (DURATION,), where=True),
    RuleType("CustomSql", ("CustomSqlStatement",), (NUMBER, BOOLEAN), threshold=True),
    RuleType("ReferentialIntegrity", ("PrimaryDatasetColumns", "ReferenceDatasetColumns"), (NUMBER,)),
    RuleType("DatasetMatch", ("ReferenceDatasetAlias", "KeyColumnMappings"), (NUMBER,)),
    RuleType(
        "DatasetMatch", ("ReferenceDatasetAlias", "KeyColumnMappings", "MatchColumnMappings"), (NUMBER,)
    ),
    RuleType("SchemaMatch", ("ReferenceDatasetAlias",), (NUMBER,)),
    RuleType("AggregateMatch", ("AggregateExpression1", "AggregateExpression2"), (NUMBER,)),
    RuleType("DetectAnomalies", ("MetricParameter",), (BOOLEAN,), var_args=True),
    RuleType("AllStatistics", _COLUMN, (NUMBER,), analyzer_only=True),
    RuleType("FileMatch", ("DataPath", "CompareDataPath"), (BOOLEAN,)),
    RuleType("FileMatch", _PATH, (STRING,)),
    RuleType("FileMatch", (), (STRING,)),
    RuleType("FileUniqueness", _PATH, (NUMBER,)),
    RuleType("FileUniqueness", (), (NUMBER,)),
    RuleType("FileFreshness", _PATH, (DATE,), threshold=True),
    RuleType("FileFreshness", (), (DATE,), threshold=True),
    RuleType("FileSize", _PATH, (SIZE,), threshold=True),
    RuleType("FileSize", (), (SIZE,), threshold=True),
)


def find(name: str, parameter_count: int) -> RuleType | None:
    """The rule type `name` taking `parameter_count` parameters, as AWS's parser picks it."""
    return next((t for t in RULE_TYPES.get(name, []) if t.accepts(parameter_count)), None)
