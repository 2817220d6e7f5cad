"""The rule engine's DuckDB connections (catalogue/duck.py): each call gets a connection of its own
to the process's one in-memory database, so a filing no longer pays for a new database twice, yet
what one evaluation stages is invisible to another, in this thread or another, and gone once it is
closed. A forked process makes a database of its own (a DuckDB database does not survive a fork)."""

import os
import threading

import pytest

from finsup.catalogue import duck


def test_each_connection_stages_its_own_tables_and_shares_the_macro():
    first, second = duck.connect(), duck.connect()
    try:
        duck.load_rows(first, "t", {"a": "INTEGER"}, [{"a": 1}])
        duck.load_rows(second, "t", {"a": "INTEGER"}, [{"a": 2}, {"a": 3}])
        assert first.execute("SELECT sum(a) FROM t").fetchone()[0] == 1
        assert second.execute("SELECT sum(a) FROM t").fetchone()[0] == 5
        assert str(first.execute("SELECT fs_div(1, 4)").fetchone()[0]) == "0.2500000000"
    finally:
        first.close()
        second.close()
    third = duck.connect()
    try:
        with pytest.raises(duck.Error):
            third.execute("SELECT * FROM t")  # closed with the connection that made it
    finally:
        third.close()


def test_threads_evaluate_side_by_side():
    sums, errors = {}, []

    def stage(n):
        con = duck.connect()
        try:
            duck.load_rows(con, "t", {"a": "INTEGER"}, [{"a": n}] * 1000)
            sums[n] = con.execute("SELECT sum(a) FROM t").fetchone()[0]
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)
        finally:
            con.close()

    threads = [threading.Thread(target=stage, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sums == {n: n * 1000 for n in range(1, 9)}


def test_a_forked_process_makes_a_database_of_its_own():
    duck.connect().close()
    parent = duck._shared[1]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report whether it got a new database that works, then leave at once
        try:
            con = duck.connect()
            ok = duck._shared[1] is not parent and con.execute("SELECT fs_div(1, 2)").fetchone()[0] is not None
            con.close()
        except Exception:  # noqa: BLE001 - the child only reports
            ok = False
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    os.close(read)
    assert answer == b"1"
    assert duck._shared[1] is parent
