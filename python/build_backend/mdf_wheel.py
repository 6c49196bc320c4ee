"""A PEP 517 build backend for the mdf package that needs nothing but the
standard library, so `pip install ./python` works without PyPI.

It builds a wheel of python/mdf and, when the mdf tools are found, bundles
them into mdf/_bin with console scripts for them (and the mdf CUDA runtime
from lib/ beside the tools' folder into mdf/lib). The tools come from
(first found): the config setting `tools-dir`, $MDF_TOOLS_DIR, the
checkout's build/bin. `--config-settings bundle-tools=no` leaves them out.
"""
import base64
import hashlib
import os
import re
import stat
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)            # python/
PACKAGE = os.path.join(ROOT, "mdf")
TOOLS = ["mdf-compile", "mdf-import-torchscript", "mdf-run", "mdf-opt",
         "mdf-translate"]
RUNTIME_LIBRARIES = ("libmdf_cuda_runtime.a", "libmdf_cuda_runtime.so")
SCRIPTS = {"mdf-compile": "mdf_compile", "mdf-run": "mdf_run",
           "mdf-opt": "mdf_opt", "mdf-translate": "mdf_translate"}


def _project():
    """name, version, summary, requires-python, dependencies, extras."""
    text = open(os.path.join(ROOT, "pyproject.toml")).read()
    try:
        import tomllib
        return tomllib.loads(text)["project"]
    except ImportError:  # Python < 3.11: the few fields this file uses
        project = {}
        section = None
        for line in text.splitlines():
            header = re.match(r"\[(.+)\]", line.strip())
            if header:
                section = header.group(1)
                continue
            match = re.match(r"([\w-]+)\s*=\s*(.+)", line.strip())
            if not match:
                continue
            key, value = match.groups()
            value = eval(value, {}, {})  # strings and lists of strings
            if section == "project":
                project[key] = value
            elif section == "project.optional-dependencies":
                project.setdefault("optional-dependencies", {})[key] = value
        return project


def _tools_dir(config_settings):
    settings = config_settings or {}
    if str(settings.get("bundle-tools", "yes")).lower() in ("no", "false", "0"):
        return None
    candidates = [settings.get("tools-dir"), os.environ.get("MDF_TOOLS_DIR"),
                  os.path.join(ROOT, "..", "build", "bin")]
    for folder in candidates:
        if folder and os.path.isfile(os.path.join(folder, "mdf-compile")):
            return os.path.abspath(folder)
    return None


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}",
             f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}",
             f"Requires-Python: {project.get('requires-python', '>=3')}"]
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {d}; extra == "{extra}"' for d in deps]
    readme = os.path.join(ROOT, project.get("readme", "README.md"))
    body = open(readme).read() if os.path.exists(readme) else ""
    return "\n".join(lines) + "\nDescription-Content-Type: text/markdown\n\n" + body


def _dist_info(project):
    return f"{project['name']}-{project['version']}.dist-info"


class _Wheel:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.records = []

    def add(self, name, data, executable=False):
        if isinstance(data, str):
            data = data.encode()
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        mode = 0o755 if executable else 0o644
        info.external_attr = (stat.S_IFREG | mode) << 16
        self.zip.writestr(info, data)
        digest = base64.urlsafe_b64encode(
            hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.records.append(f"{name},sha256={digest},{len(data)}")

    def close(self, record_name):
        self.records.append(f"{record_name},,")
        self.zip.writestr(zipfile.ZipInfo(record_name, (2020, 1, 1, 0, 0, 0)),
                          "\n".join(self.records) + "\n")
        self.zip.close()


def _package_files():
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d not in ("__pycache__", "_bin", "lib")]
        for file in sorted(files):
            if file.endswith(".py"):
                path = os.path.join(folder, file)
                yield os.path.relpath(path, ROOT).replace(os.sep, "/"), path


def _build(wheel_directory, config_settings, editable):
    project = _project()
    tools = None if editable else _tools_dir(config_settings)
    tag = "py3-none-linux_x86_64" if tools else "py3-none-any"
    name = f"{project['name']}-{project['version']}-{tag}.whl"
    wheel = _Wheel(os.path.join(wheel_directory, name))
    if editable:
        wheel.add("mdf_editable.pth", ROOT + "\n")
    else:
        for arcname, path in _package_files():
            wheel.add(arcname, open(path, "rb").read())
    if tools:
        for tool in TOOLS:
            path = os.path.join(tools, tool)
            if os.path.isfile(path):
                wheel.add(f"mdf/_bin/{tool}", open(path, "rb").read(),
                          executable=True)
        # The mdf CUDA runtime, which the tools find in lib/ next to their
        # folder (mdf-compile links it into --target=cuda libraries).
        runtime = os.path.join(os.path.dirname(tools), "lib")
        for library in RUNTIME_LIBRARIES:
            path = os.path.join(runtime, library)
            if os.path.isfile(path):
                wheel.add(f"mdf/lib/{library}", open(path, "rb").read())
    info = _dist_info(project)
    wheel.add(f"{info}/METADATA", _metadata(project))
    wheel.add(f"{info}/WHEEL",
              "Wheel-Version: 1.0\nGenerator: mdf_wheel\n"
              f"Root-Is-Purelib: {'false' if tools else 'true'}\nTag: {tag}\n")
    if tools:
        wheel.add(f"{info}/entry_points.txt", "[console_scripts]\n" + "".join(
            f"{script} = mdf._cli:{function}\n"
            for script, function in SCRIPTS.items()))
    wheel.close(f"{info}/RECORD")
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory, config_settings, editable=False)


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    return _build(wheel_directory, config_settings, editable=True)


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = f"{project['name']}-{project['version']}"
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz") as tar:
        for relative in ["pyproject.toml", "README.md",
                         "build_backend/mdf_wheel.py"]:
            tar.add(os.path.join(ROOT, relative), f"{base}/{relative}")
        for arcname, file in _package_files():
            tar.add(file, f"{base}/{arcname}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata(project).encode()
        info.size = len(data)
        import io
        tar.addfile(info, io.BytesIO(data))
    return os.path.basename(path)
