"""Console scripts: `mdf-compile` etc. on PATH run the bundled tools."""
import os
import sys

from ._tools import find_tool


def _run(tool):
    path = find_tool(tool)
    os.execv(path, [path] + sys.argv[1:])


def mdf_compile():
    _run("mdf-compile")


def mdf_run():
    _run("mdf-run")


def mdf_opt():
    _run("mdf-opt")


def mdf_translate():
    _run("mdf-translate")
