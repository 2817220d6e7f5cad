"""bin/setup-system, the one list of Debian packages `make run`, `make test` and .ci/run install from,
run against a PATH of stand-ins: what is present is a stand-in that succeeds, what is missing is
absent; `id` says who runs it and `apt-get` records what it was asked and "installs" the commands
FAKE_INSTALLS names, as Debian's packages would."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "setup-system"
SHELL_TOOLS = ("grep", "cat")  # what the script itself runs, besides the commands it checks
ALL_PRESENT = (
    "soffice",
    "chromedriver",
    "pdftotext",
    "xgettext",
    "openssl",
    "java",
    "nginx",
    "logrotate",
    "curl",
    "git",
    "apt-get",
)


def _stub(path: Path, body: str = "exit 0") -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


class Machine:
    """A PATH holding only the stand-ins a test puts there."""

    def __init__(self, tmp_path: Path):
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        self.apt_log = tmp_path / "apt.log"
        self.chromium = tmp_path / "chromium"
        self.libs = tmp_path / "lib"
        self.libs.mkdir()
        (self.libs / "libatomic.so.1").touch()
        for tool in SHELL_TOOLS:
            (self.bin / tool).symlink_to(
                subprocess.run(
                    ["sh", "-c", f"command -v {tool}"], capture_output=True, text=True, check=True
                ).stdout.strip()
            )
        self.python(venv=True)
        self.user(0)
        self.font(zh=True)
        for name in ALL_PRESENT:
            _stub(self.bin / name)
        _stub(self.chromium)
        self.apt()

    def python(self, *, venv: bool) -> None:
        _stub(self.bin / "python3", "exit 0" if venv else "exit 1")

    def user(self, uid: int) -> None:
        _stub(self.bin / "id", f"echo {uid}")

    def font(self, *, zh: bool) -> None:
        _stub(self.bin / "fc-list", "echo 'NotoSansCJK-Regular.ttc: Noto Sans CJK SC'" if zh else "exit 0")

    def apt(self, installs: str = "") -> None:
        """apt-get records its arguments and, on install, creates the commands in `installs`."""
        creates = "".join(
            f"    printf '#!/bin/sh\\nexit 0\\n' > {self.bin}/{cmd}; /bin/chmod +x {self.bin}/{cmd}\n"
            for cmd in installs.split()
        )
        _stub(
            self.bin / "apt-get",
            f'echo "$@" >> {self.apt_log}\nif [ "$1" = install ]; then\n{creates}    :\nfi\nexit 0',
        )

    def remove(self, *names: str) -> None:
        for name in names:
            (self.bin / name).unlink()

    def run(self, profile: str, **env: str) -> subprocess.CompletedProcess:
        environ = {
            "PATH": str(self.bin),
            "FINSUP_CHROMIUM": str(self.chromium),
            "FINSUP_LIB_DIRS": str(self.libs),
            **env,
        }
        return subprocess.run(["/bin/sh", str(SCRIPT), profile], capture_output=True, text=True, env=environ, cwd=ROOT)

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


@pytest.mark.parametrize("profile", ["run", "test", "ci"])
def test_nothing_missing_installs_nothing_and_says_nothing(machine, profile):
    result = machine.run(profile)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.apt_calls() == []


def test_as_root_it_installs_only_what_is_missing(machine):
    machine.remove("pdftotext", "java")
    machine.chromium.unlink()
    machine.apt(installs="pdftotext java")
    (machine.bin / "apt-get").rename(machine.bin / "apt-get.real")
    # chromium lives outside the PATH (FINSUP_CHROMIUM): the stand-in apt-get puts it back too.
    _stub(
        machine.bin / "apt-get",
        f'"{machine.bin}/apt-get.real" "$@"\n'
        f'[ "$1" = install ] && /bin/cp "{machine.bin}/java" "{machine.chromium}"\nexit 0',
    )
    result = machine.run("test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "installing chromium poppler-utils default-jre-headless" in result.stdout
    assert machine.apt_calls() == ["update -qq", "install -y -qq chromium poppler-utils default-jre-headless"]


def test_as_another_user_it_installs_nothing_and_prints_the_sudo_command_then_the_make_command(machine):
    machine.user(1000)
    machine.python(venv=False)
    machine.font(zh=False)
    result = machine.run("run", FINSUP_SETUP_AGAIN="make run")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "finsup needs these Debian packages: python3-venv fonts-noto-cjk",
        "Install them (once), then run the same command again:",
        "  sudo bin/setup-system run",
        "  make run",
    ]
    assert machine.apt_calls() == []


def test_the_profiles_grow_run_then_test_then_ci(machine):
    machine.user(1000)
    machine.remove("soffice", "xgettext", "nginx")
    assert "libreoffice-writer-nogui\n" in machine.run("run").stdout
    assert "libreoffice-writer-nogui gettext\n" in machine.run("test").stdout
    assert "libreoffice-writer-nogui gettext nginx-light\n" in machine.run("ci").stdout


def test_playwrights_node_needs_libatomic_and_the_security_tests_need_git(machine):
    machine.user(1000)
    (machine.libs / "libatomic.so.1").unlink()
    machine.remove("git")
    assert "packages: libatomic1 git\n" in machine.run("test").stdout
    assert machine.run("run").returncode == 0


def test_without_fontconfig_it_asks_for_it_with_the_fonts(machine):
    machine.user(1000)
    machine.remove("fc-list")
    assert "packages: fontconfig fonts-noto-cjk\n" in machine.run("run").stdout


def test_a_package_that_does_not_bring_its_command_fails_the_run(machine):
    machine.remove("curl")
    result = machine.run("ci")
    assert result.returncode == 1
    assert "still missing after apt-get: curl" in result.stdout


def test_make_run_make_test_and_ci_use_it():
    env = {**os.environ, "MAKEFLAGS": ""}
    dry = {
        target: subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, env=env).stdout
        for target in ("run", "test")
    }
    assert "bin/setup-system run" in dry["run"]
    assert "bin/setup-system test" in dry["test"]
    assert "bin/setup-system ci" in (ROOT / ".ci" / "run").read_text()
