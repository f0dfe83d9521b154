#!/usr/bin/env bash
# Installs what the project needs beyond the JDK and Maven: Debian's Chromium and ChromeDriver (Selenium is
# pointed at them explicitly and never downloads a browser), a font for the report pictures, and PostgreSQL's
# server binaries (the shared-memory tests start their own throwaway server from them; no service is enabled).
# Idempotent: does nothing when everything is present.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
# PostgreSQL refuses to run as root: when the tests run as root, their server runs as this unprivileged user.
if [ "$(id -u)" -eq 0 ] && ! id -u jitrlpg >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin jitrlpg
fi
echo "setup: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), chromedriver $(/usr/bin/chromedriver --version | awk '{print $2}')" >&2
echo "setup: $(ls -d /usr/lib/postgresql/*/bin | tail -1)/postgres $("$(ls -d /usr/lib/postgresql/*/bin | tail -1)/postgres" --version | awk '{print $3}')" >&2
