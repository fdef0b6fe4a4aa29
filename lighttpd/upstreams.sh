#!/bin/sh
# Usage: upstreams.sh VAR READ_TIMEOUT. Prints SPONGE_UPSTREAMS (host:port,host:port) as a
# lighttpd proxy.server host list named var.VAR. The timeout differs by route (a live stream is
# idle for long, a query is not), and lighttpd cannot add a key to each entry of a list, so the
# caller passes it.
set -eu
fail() { echo "sponge edge: $*" >&2; exit 1; }
[ -n "${SPONGE_UPSTREAMS:-}" ] || fail "SPONGE_UPSTREAMS is not set (host:port of the service instances, comma-separated)"

printf 'var.%s = (' "$1"
separator=""
for upstream in $(echo "$SPONGE_UPSTREAMS" | tr ',' ' '); do
	host=${upstream%:*}
	port=${upstream##*:}
	host=$(echo "$host" | tr -d '[]') # lighttpd takes an IPv6 host without brackets
	case "$host" in '' | *[!A-Za-z0-9.:_-]*) fail "SPONGE_UPSTREAMS entry '$upstream' is not host:port" ;; esac
	case "$port" in '' | *[!0-9]*) fail "SPONGE_UPSTREAMS entry '$upstream' is not host:port" ;; esac
	# connect-timeout: a black-holed instance is given up on (and skipped for disable-time
	# seconds) fast, so the client gets another instance or a 503 instead of a hang.
	printf '%s\n\t( "host" => "%s", "port" => %s, "connect-timeout" => 2, "disable-time" => 2,\n\t  "write-timeout" => %s, "read-timeout" => %s )' \
		"$separator" "$host" "$port" "$2" "$2"
	separator=","
done
printf '\n)\n'
