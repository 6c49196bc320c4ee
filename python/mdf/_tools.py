"""Finding the mdf command-line tools the package drives."""
import os
import shutil

_HERE = os.path.dirname(os.path.abspath(__file__))

#: Where a wheel built with bundled tools keeps them (see pyproject.toml).
BUNDLED_TOOLS_DIR = os.path.join(_HERE, "_bin")


def tool_search_path():
    """The folders searched for the tools, in order."""
    folders = []
    if os.environ.get("MDF_TOOLS_DIR"):
        folders.append(os.environ["MDF_TOOLS_DIR"])
    folders.append(BUNDLED_TOOLS_DIR)
    # A source checkout: python/mdf -> build/bin.
    folders.append(os.path.join(_HERE, "..", "..", "build", "bin"))
    return folders


def find_tool(name):
    """The absolute path of the mdf tool `name` (e.g. "mdf-compile").

    Looks in $MDF_TOOLS_DIR, then in the tools bundled with the package,
    then in a source checkout's build/bin, then on $PATH; raises
    FileNotFoundError saying where it looked.
    """
    folders = tool_search_path()
    for folder in folders:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(
        f"cannot find {name} (looked in {', '.join(folders)} and $PATH): "
        "build mdf (scripts/build.sh) and set MDF_TOOLS_DIR to its build/bin, "
        "or install a wheel built with the tools bundled")
