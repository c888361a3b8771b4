#!/bin/bash
# Container health check without curl: healthcheck.sh PORT [PATH]
# With PATH: healthy when GET PATH on 127.0.0.1:PORT answers 200. Without: when the port accepts TCP.
set -eu
port="$1"
path="${2:-}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
[ -n "$path" ] || exit 0
printf 'GET %s HTTP/1.1\r\nHost: localhost:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
IFS= read -r -t 5 status <&3
case "$status" in
  "HTTP/"*" 200 "*|"HTTP/"*" 200") exit 0 ;;
  *) echo "GET $path: ${status:-no answer}" >&2; exit 1 ;;
esac
