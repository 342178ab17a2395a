# Sourced by scripts/run and scripts/test: make .venv and install a requirements
# file into it, skipping the install when that file has not changed since last time.

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Python 3.11 or newer is needed: install it, or point PYTHON at it." >&2
  return 1
}

ensure_venv() {
  local requirements="$1" stamp digest
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..."
    "$(find_python)" -m venv .venv
  fi
  stamp=".venv/.installed-$(basename "$requirements")"
  digest=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    echo "Installing $requirements into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$digest" >"$stamp"
  fi
}
