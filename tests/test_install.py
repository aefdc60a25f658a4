"""plan_templates/ and schemas/ work from an installed wheel, not only from a checkout."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_in_fresh_venv_validates_and_builds(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    [wheel] = wheels.glob("ivplan-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True, cwd=tmp_path)
    ivplan = env_dir / "bin" / "ivplan"
    work = tmp_path / "elders"
    work.mkdir()
    example = ROOT / "examples" / "havenstad.yaml"
    check = subprocess.run([str(ivplan), "validate", str(example)], capture_output=True, text=True, cwd=work)
    assert check.returncode == 0, check.stdout + check.stderr
    schema = subprocess.run([str(ivplan), "schema"], capture_output=True, text=True, cwd=work, check=True)
    assert '"$schema"' in schema.stdout
    built = subprocess.run(
        [str(ivplan), "build", str(example), "-o", str(work / "uit")], capture_output=True, text=True, cwd=work
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (work / "uit" / "havenstad-ivp-2027-2030-plan.docx").stat().st_size > 10_000
    assert (work / "uit" / "havenstad-ivp-2027-2030-raadsvoorstel.docx").is_file()
    located = subprocess.run(
        [str(py), "-c", "import ivplan.core.resources as r; print(r.templates_dir()); print(r.schemas_dir())"],
        capture_output=True,
        text=True,
        cwd=work,
        check=True,
    )
    assert str(env_dir) in located.stdout and str(ROOT) not in located.stdout
    # the HTML report's template (plan_templates/rapport.html.j2) is in the wheel: the same page as
    # from the checkout
    regio = ROOT / "examples" / "regio"
    args = ["check", "--regio", str(regio / "regio.yaml"), *sorted(str(p) for p in (regio / "plannen").glob("*.yaml"))]
    installed = subprocess.run([str(ivplan), *args, "-o", "wheel.html"], capture_output=True, text=True, cwd=work)
    assert installed.returncode == 1, installed.stderr  # the example regio holds one plan that is not conform
    checkout = subprocess.run(
        [sys.executable, "-m", "ivplan", *args, "-o", "checkout.html"], capture_output=True, cwd=work
    )
    assert checkout.returncode == 1
    assert (work / "wheel.html").read_bytes() == (work / "checkout.html").read_bytes()
