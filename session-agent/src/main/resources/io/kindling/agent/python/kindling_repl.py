"""The Python interpreter of one Kindling session, started by the session agent (the cluster's Spark driver).

It binds PySpark to the agent's JVM through the agent's Py4J gateway (PYSPARK_GATEWAY_PORT / _SECRET): `sc` is the
cluster's SparkContext, `spark` is the session's own SparkSession (the one its SQL statements use). It then reads
statements as JSON lines on the stdin it was started with and answers each with one JSON line on the stdout it was
started with. Both are moved off fds 0 and 1 first, so that user code reading stdin or writing to fd 1 (a C library,
a subprocess) cannot corrupt the protocol: fd 1 then goes to stderr, which is the driver's log.

    request:  {"code": "...", "execution_count": 3, "job_group": "kindling-<session>-3", "description": "..."}
    answer:   {"status": "ok", "data": {"text/plain": "..."}}
              {"status": "error", "ename": "...", "evalue": "...", "traceback": ["...", ...]}

The first answer, before any request, says whether PySpark came up. SIGINT interrupts the running statement (the
agent sends it on a cancel, after cancelling the statement's Spark job group) and is ignored between statements.
The interpreter ends when its stdin closes.
"""
import ast
import io
import json
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import redirect_stdout

REPL_FILE = os.path.abspath(__file__)
_executing = False


def _protocol():
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, "r")
    return requests, answers


def _error(exc):
    """Livy's error shape; the traceback leaves out this file's own frames."""
    tb = exc.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == REPL_FILE:
        tb = tb.tb_next
    lines = traceback.format_exception(type(exc), exc, tb)
    return {
        "status": "error",
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "traceback": [line for chunk in lines for line in chunk.splitlines(keepends=True)],
    }


def _start(namespace):
    from pyspark import SparkConf
    from pyspark.core.context import SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    gateway = launch_gateway()
    sessions = gateway.jvm.io.kindling.agent.python.PythonSessions
    key = os.environ.pop("KINDLING_SESSION_KEY")
    jsc = sessions.javaSparkContext(key)
    sc = SparkContext(gateway=gateway, jsc=jsc, conf=SparkConf(_jconf=jsc.getConf()))
    spark = SparkSession(sc, sessions.session(key))

    def not_in_a_session(*_args, **_kwargs):
        raise RuntimeError("the SparkContext is the cluster's and outlives this session: it cannot be stopped "
                           "from a statement (end the session instead)")

    # the cluster's context serves every session of the cluster: none of them may stop it
    SparkContext.stop = not_in_a_session
    SparkSession.stop = not_in_a_session
    namespace.update({"__name__": "__main__", "__builtins__": __builtins__, "sc": sc, "spark": spark})
    return sc


def _run(code, count, namespace):
    global _executing
    name = "<statement %d>" % count
    tree = ast.parse(code, name, "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    printed = io.StringIO()
    with redirect_stdout(printed):
        _executing = True
        try:
            exec(compile(tree, name, "exec"), namespace)
            if last is not None:
                value = eval(compile(last, name, "eval"), namespace)
                if value is not None:
                    namespace["_"] = value
                    print(repr(value))
        finally:
            _executing = False
    text = printed.getvalue()
    return {"status": "ok", "data": {"text/plain": text[:-1] if text.endswith("\n") else text}}


def _on_sigint(_signum, _frame):
    if _executing:
        raise KeyboardInterrupt("statement cancelled")


def _exit_with_parent():
    """Ends this process when the agent that started it has gone, even in the middle of a statement."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="kindling-parent-watch", daemon=True).start()


def main():
    _exit_with_parent()
    requests, answers = _protocol()
    namespace = {}
    try:
        sc = _start(namespace)
    except BaseException as e:  # noqa: B902 - whatever stopped PySpark is the answer
        answers.write(json.dumps(_error(e)) + "\n")
        return 1
    # PySpark's own handler cancels every job of the context, other sessions' too
    signal.signal(signal.SIGINT, _on_sigint)
    answers.write(json.dumps({"status": "ready", "python": sys.version.split()[0]}) + "\n")
    for line in requests:
        request = json.loads(line)
        sc.setJobGroup(request["job_group"], request.get("description", ""), True)
        try:
            answer = _run(request["code"], request["execution_count"], namespace)
        except BaseException as e:  # noqa: B902 - a statement's SystemExit or KeyboardInterrupt is its error
            answer = _error(e)
        sys.stdout.flush()
        sys.stderr.flush()
        answers.write(json.dumps(answer, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
