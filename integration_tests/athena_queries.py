"""Running Athena queries through boto3 in the client tests, to check what a client left behind."""

from __future__ import annotations

from localglue.testing import wait_for


def run(athena, sql: str, database: str, output: str, timeout: float = 120) -> dict:
    """The execution of `sql`, once it ended."""
    return ended(athena, start(athena, sql, database, output), timeout)


def start(athena, sql: str, database: str, output: str) -> str:
    return athena.start_query_execution(
        QueryString=sql,
        QueryExecutionContext={"Database": database},
        ResultConfiguration={"OutputLocation": output},
    )["QueryExecutionId"]


def ended(athena, query_id: str, timeout: float = 120) -> dict:
    """The execution of `query_id`, once it ended."""
    return wait_for(
        lambda: athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"],
        lambda execution: execution["Status"]["State"] not in ("QUEUED", "RUNNING"),
        timeout=timeout,
        interval=0.02,
        what=f"query {query_id}",
    )


def rows(athena, sql: str, database: str, output: str, timeout: float = 120) -> list[list[str | None]]:
    """The values `sql` answers, all pages, without the header row a query's (DML) result starts with."""
    execution = run(athena, sql, database, output, timeout)
    assert execution["Status"]["State"] == "SUCCEEDED", (sql, execution["Status"])
    found, token = [], None
    while True:
        page = athena.get_query_results(
            QueryExecutionId=execution["QueryExecutionId"], **({"NextToken": token} if token else {})
        )
        found += [[d.get("VarCharValue") for d in r["Data"]] for r in page["ResultSet"]["Rows"]]
        token = page.get("NextToken")
        if not token:
            return found[1:] if execution["StatementType"] == "DML" else found


def failure(athena, sql: str, database: str, output: str) -> str:
    """Athena's StateChangeReason for `sql`, which must fail."""
    execution = run(athena, sql, database, output)
    assert execution["Status"]["State"] == "FAILED", (sql, execution["Status"])
    return execution["Status"]["StateChangeReason"]


class Queries:
    """`sql` run in one database with results at `output`: called, its rows; `.fails(sql)`, its reason."""

    def __init__(self, athena, database: str, output: str) -> None:
        self.athena, self.database, self.output = athena, database, output

    def __call__(self, sql: str) -> list[list[str | None]]:
        return rows(self.athena, sql, self.database, self.output)

    def fails(self, sql: str) -> str:
        return failure(self.athena, sql, self.database, self.output)
