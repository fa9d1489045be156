#!/usr/bin/env python3
"""Installs the Python side of a Spark runtime directory from its lock file.

    install_runtime_python.py LOCK RUNTIME_DIR

Lays out RUNTIME_DIR/python/ as a Spark distribution does, plus an interpreter:

    lib/pyspark.zip, lib/py4j-<v>-src.zip   PySpark's Python sources (Spark's workers find them under SPARK_HOME)
    env/                                    a virtual environment of this interpreter with the lock's base packages,
                                            and a .pth file putting the two zips on its path
    tools/                                  the lock's tools (pip), for builds that run as another OS user; on no
                                            session's path
    runtime.json                            what is installed (Python release, interpreter, site-packages,
                                            packages), written last

Nothing is done when runtime.json already records this lock (and this script). The pyspark sdist is downloaded once per machine and
only its two zips are kept (under $KINDLING_CACHE, default ~/.cache/kindling); pip's own cache keeps the wheels.
Every download is checked against the lock's sha256. Only the standard library is used.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

LINE = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)\s*$")
SDIST_PACKAGE = "pyspark"
# installed apart (python/tools/), not into the runtime's environment
TOOLS = {"pip"}
MIN_PIP = (22, 3)  # pip --python

# A session's conda environment reaches each executor through spark.archives, unpacked as ./environment in the
# executor's work directory. Spark 4 starts a session's Python workers in a subdirectory of it named after the
# session's artifact UUID (SPARK_JOB_ARTIFACT_UUID), so the environment's interpreter is found relative to that.
ENVIRONMENT_PYTHON = """#!/bin/sh
# The Python of a Kindling session's environment on an executor (installed by install_runtime_python.py).
case "${SPARK_JOB_ARTIFACT_UUID:-default}" in
  default) exec ./environment/bin/python "$@" ;;
  *) exec ../environment/bin/python "$@" ;;
esac
"""


class Failure(Exception):
    pass


def read_lock(lock):
    entries = []
    for number, raw in enumerate(lock.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = LINE.match(line)
        if not match:
            raise Failure(f"{lock}:{number}: expected 'name==version --hash=sha256:...', got: {raw}")
        hashes = re.findall(r"sha256:([0-9a-f]{64})", match.group(3))
        entries.append((match.group(1).lower(), match.group(2), hashes))
    if not any(name == SDIST_PACKAGE for name, _, _ in entries):
        raise Failure(f"{lock} pins no {SDIST_PACKAGE}")
    return entries


def index_url():
    url = os.environ.get("PIP_INDEX_URL")
    if not url:
        try:
            url = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                                 capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            url = ""
    return (url or "https://pypi.org/simple").rstrip("/") + "/"


def sdist_url(name, version):
    page = urllib.parse.urljoin(index_url(), name + "/")
    with urllib.request.urlopen(page, timeout=120) as response:
        html = response.read().decode("utf-8", "replace")
    wanted = f"{name}-{version}.tar.gz"
    for href in re.findall(r'href="([^"]+)"', html):
        if urllib.parse.urlparse(href).path.endswith("/" + wanted):
            return urllib.parse.urljoin(page, href.split("#", 1)[0])
    raise Failure(f"the index {page} lists no {wanted}")


def pyspark_zips(version, hashes, cache):
    """The cached lib/*.zip of the pyspark sdist, downloading and checking it first if they are not cached."""
    target = cache / "pyspark" / version
    done = target / "sdist.sha256"
    if done.is_file() and done.read_text().strip() in hashes:
        return sorted(target.glob("*.zip"))
    url = sdist_url(SDIST_PACKAGE, version)
    print(f"downloading {url} (only its Python sources are kept)", flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"pyspark-{version}-", dir=target.parent))
    try:
        sdist = work / "sdist.tar.gz"
        digest = hashlib.sha256()
        with urllib.request.urlopen(url, timeout=600) as response, open(sdist, "wb") as out:
            for chunk in iter(lambda: response.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() not in hashes:
            raise Failure(f"{url}: sha256 {digest.hexdigest()} is not the lock's ({', '.join(hashes)})")
        prefix = f"{SDIST_PACKAGE}-{version}/lib/"
        with tarfile.open(sdist, "r:gz") as tar:
            for member in tar:
                name = member.name
                if member.isfile() and name.startswith(prefix) and name.endswith(".zip") and "/" not in name[len(prefix):]:
                    with tar.extractfile(member) as source, open(work / name[len(prefix):], "wb") as out:
                        shutil.copyfileobj(source, out)
        sdist.unlink()
        zips = sorted(work.glob("*.zip"))
        if not any(z.name == "pyspark.zip" for z in zips) or not any(z.name.startswith("py4j-") for z in zips):
            raise Failure(f"{url} has no lib/pyspark.zip and lib/py4j-*-src.zip")
        (work / "sdist.sha256").write_text(digest.hexdigest() + "\n")
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
        return sorted(target.glob("*.zip"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_pip():
    out = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True).stdout
    match = re.match(r"pip (\d+)\.(\d+)", out)
    if not match or (int(match.group(1)), int(match.group(2))) < MIN_PIP:
        raise Failure(f"{sys.executable} needs pip >= {MIN_PIP[0]}.{MIN_PIP[1]} (has: {out.strip() or 'none'})")


def world_usable(path):
    """Whether every user may run `path`: each directory above it searchable by others, the file executable."""
    path = Path(os.path.realpath(path))
    for d in path.parents:
        if not os.stat(d).st_mode & 0o001:
            return False
    return bool(os.stat(path).st_mode & 0o001)


def base_interpreter():
    """The interpreter the venv is made of. User code runs as other OS users than the builder's (Kindling's
    containment: an unprivileged user per cluster), and a venv runs its base interpreter and standard library in
    place: a base under a private home (e.g. pyenv in /root) would leave those users no Python. This one is taken when
    others can use it, else a system one of the same release series."""
    if world_usable(sys.executable) and world_usable(Path(sys.base_prefix) / "lib"):
        return sys.executable
    series = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for d in ("/usr/local/bin", "/usr/bin", "/bin"):
        candidate = Path(d) / series
        if candidate.is_file() and world_usable(candidate):
            prefix = subprocess.run([str(candidate), "-c", "import sys; print(sys.base_prefix)"],
                                    capture_output=True, text=True).stdout.strip()
            if prefix and world_usable(Path(prefix) / "lib"):
                return str(candidate)
    print(f"install_runtime_python: warning: {sys.executable} is not usable by other users and no {series} is;"
          " isolated clusters (Kindling's containment) will have no Python", file=sys.stderr)
    return sys.executable


def pip_install(entries, python=None, target=None):
    """Installs exactly `entries` (name, version, hashes) with this interpreter's pip: into `python`'s environment,
    or into the directory `target`."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as wheels:
        for name, v, hs in entries:
            wheels.write(f"{name}=={v} " + " ".join("--hash=sha256:" + h for h in hs) + "\n")
    try:
        subprocess.run([sys.executable, "-m", "pip"] + (["--python", str(python)] if python else [])
                       + ["install", "--no-input", "--progress-bar", "off", "--disable-pip-version-check",
                          "--require-hashes", "--no-deps", "--only-binary", ":all:"]
                       + (["--target", str(target)] if target else []) + ["-r", wheels.name], check=True)
    finally:
        os.unlink(wheels.name)


def install(lock, runtime, cache):
    entries = read_lock(lock)
    # what is installed depends on the lock and on this script
    lock_hash = hashlib.sha256(lock.read_bytes() + Path(__file__).read_bytes()).hexdigest()
    home = runtime / "python"
    manifest = home / "runtime.json"
    if manifest.is_file():
        try:
            recorded = json.loads(manifest.read_text())
            if recorded.get("lock") == lock_hash and (home / recorded["executable"]).exists():
                print(f"{home} is up to date with {lock.name}")
                return
        except (ValueError, KeyError):
            pass
    check_pip()
    if manifest.exists():
        manifest.unlink()
    version, hashes = next((v, h) for n, v, h in entries if n == SDIST_PACKAGE)
    lib = home / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    lib.mkdir(parents=True)
    for z in pyspark_zips(version, hashes, cache):
        shutil.copy2(z, lib / z.name)

    env = home / "env"
    subprocess.run([base_interpreter(), "-m", "venv", "--clear", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    pip_install([e for e in entries if e[0] != SDIST_PACKAGE and e[0] not in TOOLS], python=python)
    tools = home / "tools"
    shutil.rmtree(tools, ignore_errors=True)
    pip_install([e for e in entries if e[0] in TOOLS], target=tools)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # the executors' interpreter for a session environment (see ENVIRONMENT_PYTHON)
    launcher = home / "bin" / "environment-python"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(ENVIRONMENT_PYTHON)
    launcher.chmod(0o755)
    # relative to the site directory, so the runtime directory may move
    (site / "kindling-pyspark.pth").write_text("".join(
        os.path.relpath(lib / z.name, site) + "\n" for z in sorted(lib.glob("*.zip"))))

    probe = ("import json, platform, importlib.metadata as m, pyspark, py4j, numpy, pandas, pyarrow\n"
             "names = " + repr([n for n, _, _ in entries if n != SDIST_PACKAGE and n not in TOOLS]) + "\n"
             "packages = {n: m.version(n) for n in names}\n"
             "packages['pyspark'] = pyspark.__version__\n"
             "packages['py4j'] = __import__('py4j.version').version.__version__\n"
             "print(json.dumps({'python': platform.python_version(), 'packages': dict(sorted(packages.items()))}))")
    found = json.loads(subprocess.run([str(python), "-c", probe], check=True, capture_output=True,
                                      text=True).stdout)
    if found["packages"]["pyspark"] != version:
        raise Failure(f"pyspark.zip says {found['packages']['pyspark']}, the lock {version}")
    found.update({"executable": os.path.relpath(python, home), "site": os.path.relpath(site, home),
                  "environmentPython": os.path.relpath(launcher, home),
                  "tools": os.path.relpath(tools, home),
                  "lock": lock_hash})
    partial = manifest.with_suffix(".json.part")
    partial.write_text(json.dumps(found, indent=2) + "\n")
    partial.rename(manifest)
    print(f"installed the Python side of {runtime.name}: Python {found['python']}, "
          + ", ".join(f"{k} {v}" for k, v in found["packages"].items()))


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cache = Path(os.environ.get("KINDLING_CACHE") or Path.home() / ".cache" / "kindling")
    try:
        install(Path(argv[1]).resolve(), Path(argv[2]).resolve(), cache)
    except (Failure, OSError, subprocess.CalledProcessError) as e:
        print(f"install_runtime_python: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
