#!/usr/bin/env bash
# planlib @VERSION@ 离线安装（Linux x86_64）：找到 Python 3.11 或 3.12，再由 install.py 在本文件夹内建立
# 虚拟环境 planlib-env，只从 wheels/ 安装（不联网）。可用环境变量 PLANLIB_PYTHON 指定 Python。
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
echo "planlib @VERSION@ 离线安装（Linux）"
if [ "$(uname -s)" != "Linux" ] || [ "$(uname -m)" != "x86_64" ]; then
  echo "错误：本安装程序用于 Linux x86_64（Windows 请运行 install.bat），当前为 $(uname -s) $(uname -m)" >&2
  exit 1
fi
FOUND=""
for candidate in ${PLANLIB_PYTHON:-} python3.12 python3.11 python3 python; do
  command -v "$candidate" >/dev/null 2>&1 || continue
  version="$("$candidate" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" || continue
  case "$version" in
    3.11.*|3.12.*) exec "$candidate" "$HERE/install.py" "$@" ;;
    *) [ -n "$FOUND" ] || FOUND="$version" ;;
  esac
done
if [ -n "$FOUND" ]; then
  echo "错误：需要 Python 3.11 或 3.12，找到的是 Python $FOUND；请安装 Python 3.11 或 3.12（含 venv 模块）后重新运行" >&2
else
  echo "错误：未找到 Python；请先安装 Python 3.11 或 3.12（含 venv 模块）后重新运行" >&2
fi
exit 1
