# Shared by scripts/run and scripts/test (sourced, not executed).
# Rules of this file: create .venv with python3 when missing; (re)install the project only when pyproject.toml
# or the packaged sources changed since the last install (a hash kept inside .venv); stay quiet otherwise.

ensure_python_venv() {
  if python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" >/dev/null 2>&1; then
    return
  fi
  install_debian_packages python3-venv
}

install_debian_packages() {
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Please install as root: apt-get install -y $*" >&2
      exit 1
    fi
  fi
  echo "Installing Debian packages: $*" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

source_hash() {
  { cat pyproject.toml; find bot handlers knowledge -type f \( -name '*.py' -o -name '*.toml' -o -name '*.css' \
      -o -name '*.js' -o -name '*.html' -o -name '*.json' \) -not -path '*/__pycache__/*' -print0 | sort -z \
      | xargs -0 sha256sum; echo "extras:$1"; } | sha256sum | cut -d' ' -f1
}

# ensure_venv TARGET: TARGET is what pip installs, "." or ".[test]".
ensure_venv() {
  local target="$1"
  if [ ! -x .venv/bin/python ]; then
    ensure_python_venv
    echo "Creating .venv ..." >&2
    python3 -m venv .venv
  fi
  local stamp=".venv/.icebreaker-installed"
  local want
  want="$(source_hash "$target")"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing Icebreaker and its dependencies into .venv ..." >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "$target"
    rm -rf build ./*.egg-info
    echo "$want" > "$stamp"
  fi
}
