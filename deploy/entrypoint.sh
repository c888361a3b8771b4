#!/bin/sh
# Container entrypoint. Runs the published host (runtime image) or, in the dev image
# (OBSERVATORY_DEV_WATCH=true), `dotnet watch` on the mounted source. Arguments pass through
# (e.g. `migrate`).
set -eu

# A silo must advertise an address that other silos and the gateways can reach: with
# OBSERVATORY_ADVERTISE_CONTAINER_IP=true and no Orleans__AdvertisedIP, use the container's own IP.
if [ "${OBSERVATORY_ADVERTISE_CONTAINER_IP:-false}" = "true" ] && [ -z "${Orleans__AdvertisedIP:-}" ]; then
  ip="$(hostname -i 2>/dev/null | awk '{ print $1 }')" || ip=""
  [ -n "$ip" ] || ip="$(awk 'END { print $1 }' /etc/hosts)"
  Orleans__AdvertisedIP="$ip"
  export Orleans__AdvertisedIP
fi

if [ "${OBSERVATORY_DEV_WATCH:-false}" = "true" ]; then
  exec dotnet watch --non-interactive --project "$OBSERVATORY_PROJECT" run --no-launch-profile -- "$@"
fi
exec dotnet "/app/$(cat /app/.assembly-name).dll" "$@"
