"""scripts/system-deps.sh waits for another apt process and says what failed.

apt itself is not run here (a shared machine's package database is no test
fixture): small stand-ins for apt-get, apt-cache, id and sleep come first on
PATH and answer as apt does when its lock is held or a package is unknown.
"""

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-deps.sh"


def _stub(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def _run(tmp_path: Path, apt_get: str, apt_cache: str = "exit 0\n"):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stub(bin_dir, "apt-get", apt_get)
    _stub(bin_dir, "apt-cache", apt_cache)
    _stub(bin_dir, "id", "echo 0\n")
    _stub(bin_dir, "sleep", f"echo slept >> {tmp_path}/sleeps\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "APT_WAIT": "20"}
    # --bench asks for wrk; WRK names a command no machine has, so it is missing.
    env["WRK"] = "wrk-not-installed-here"
    return subprocess.run(
        ["sh", str(SCRIPT), "--bench"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_waits_while_another_apt_process_holds_the_lock(tmp_path):
    calls = tmp_path / "calls"
    result = _run(
        tmp_path,
        f"""echo "$@" >> {calls}
case "$*" in
  *update*)
    n=$(grep -c update {calls})
    if [ "$n" -le 2 ]; then
      echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
      exit 100
    fi ;;
esac
exit 0
""",
    )
    assert result.returncode == 0, result.stderr
    assert "waiting up to 20s" in result.stdout
    assert (tmp_path / "sleeps").read_text().count("slept") == 2
    install = [line for line in calls.read_text().splitlines() if "install" in line]
    assert install and "DPkg::Lock::Timeout=20" in install[0] and "wrk" in install[0]


def test_says_which_package_cannot_be_installed(tmp_path):
    result = _run(
        tmp_path,
        """case "$*" in
  *install*) echo "E: Unable to locate package wrk" >&2; exit 100 ;;
esac
exit 0
""",
        apt_cache='echo "wrk:"; echo "  Installed: (none)"; echo "  Candidate: (none)"\n',
    )
    assert result.returncode == 1
    assert "could not install: wrk" in result.stderr
    assert "E: Unable to locate package wrk" in result.stderr
    assert "wrk: not available from the configured package sources" in result.stderr


def test_gives_up_on_a_lock_held_too_long_and_says_so(tmp_path):
    result = _run(
        tmp_path,
        """echo "E: Could not get lock /var/lib/apt/lists/lock" >&2; exit 100\n""",
    )
    assert result.returncode == 1
    assert "'apt-get update' failed" in result.stderr
    assert "Could not get lock" in result.stderr
