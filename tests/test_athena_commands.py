from localglue.athena.commands import render_table


def test_render_table_pads_columns_and_spells_out_null():
    text = render_table(["user_id", "n"], [["u1", "10"], ["user_0002", None]])
    assert text.splitlines() == [
        "user_id   | n",
        "----------+-----",
        "u1        | 10",
        "user_0002 | NULL",
    ]
