"""Every environment variable the settings read is documented in the README and .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _variables_read() -> set[str]:
    names = set()
    for path in (ROOT / "forum_site").rglob("*.py"):
        names |= set(re.findall(r'env\.get_[a-z]+\(\s*"([A-Z_]+)"', path.read_text()))
    return names


def test_env_is_read_only_in_env_py():
    offenders = [
        str(path.relative_to(ROOT))
        for path in list((ROOT / "forum_site").rglob("*.py")) + [ROOT / "manage.py"]
        if "os.environ" in path.read_text() and path.name != "env.py"
    ]
    assert offenders == []


def test_every_variable_is_documented():
    names = _variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "SITE_URL"} <= names
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert [n for n in sorted(names) if f"`{n}`" not in readme] == []
    assert [n for n in sorted(names) if not re.search(rf"^{n}=", example, re.M)] == []
