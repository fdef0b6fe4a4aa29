#!/bin/sh
# Prints the environment-driven settings of the edge as lighttpd variables. lighttpd 1.4 refuses
# to parse a config that reads an unset env.X, so defaults live here, and a value that could break
# out of a quoted string is refused rather than pasted into the config.
set -eu
fail() { echo "sponge edge: $*" >&2; exit 1; }

number() { # name value var what: a whole number from 1 to 65535 (lighttpd's limit for both)
	case "$2" in '' | 0* | *[!0-9]* | ??????*) fail "$1 must be $4 from 1 to 65535, got '$2'" ;; esac
	[ "$2" -le 65535 ] || fail "$1 must be $4 from 1 to 65535, got '$2'"
	echo "var.$3 = $2"
}
port() { number "$1" "$2" "$3" "a port number"; }
seconds() { number "$1" "$2" "$3" "a number of seconds"; }
text() { # name value var
	case "$2" in '' | *[\"\\\$]* | *[![:print:]]*) fail "$1 must be a plain non-empty value, got '$2'" ;; esac
	echo "var.$3 = \"$2\""
}

[ -n "${SPONGE_EDGE_PORT:-}" ] || fail "SPONGE_EDGE_PORT is not set (the plain HTTP listen port)"
[ -n "${SPONGE_UPSTREAMS:-}" ] || fail "SPONGE_UPSTREAMS is not set (host:port of the service instances, comma-separated)"

port SPONGE_EDGE_PORT "$SPONGE_EDGE_PORT" edge_port
port SPONGE_EDGE_TLS_PORT "${SPONGE_EDGE_TLS_PORT:-8443}" tls_port
text SPONGE_EDGE_BIND "${SPONGE_EDGE_BIND:-0.0.0.0}" bind
text SPONGE_EDGE_TLS_CERT "${SPONGE_EDGE_TLS_CERT:-/etc/sponge/tls/tls.crt}" tls_cert
text SPONGE_EDGE_TLS_KEY "${SPONGE_EDGE_TLS_KEY:-/etc/sponge/tls/tls.key}" tls_key
text SPONGE_EDGE_DOCROOT "${SPONGE_EDGE_DOCROOT:-$(pwd)/www}" docroot
# The access log goes to SPONGE_EDGE_ACCESS_LOG; with SPONGE_EDGE_METRICS_LOG set, through
# access-log.sh, which also writes it to that file, for the mtail sidecar (mtail/edge.mtail), and
# keeps the file below SPONGE_EDGE_METRICS_LOG_KIB. The paths go on a command line, so only plain
# absolute paths are taken there.
if [ -n "${SPONGE_EDGE_METRICS_LOG:-}" ]; then
	path() { # name value
		case "$2" in /*) ;; *) fail "$1 must be an absolute path, got '$2'" ;; esac
		case "$2" in *[!A-Za-z0-9._/-]*) fail "$1 must be a path of letters, digits and . _ / - only, got '$2'" ;; esac
	}
	path SPONGE_EDGE_ACCESS_LOG "${SPONGE_EDGE_ACCESS_LOG:=/dev/stderr}"
	path SPONGE_EDGE_METRICS_LOG "$SPONGE_EDGE_METRICS_LOG"
	path "the configuration directory" "$(pwd)"
	number SPONGE_EDGE_METRICS_LOG_KIB "${SPONGE_EDGE_METRICS_LOG_KIB:=8192}" metrics_log_kib "a size in KiB" >/dev/null
	echo "var.access_log = \"|exec $(pwd)/access-log.sh $SPONGE_EDGE_ACCESS_LOG $SPONGE_EDGE_METRICS_LOG $SPONGE_EDGE_METRICS_LOG_KIB\""
else
	text SPONGE_EDGE_ACCESS_LOG "${SPONGE_EDGE_ACCESS_LOG:-/dev/stderr}" access_log
fi
text SPONGE_EDGE_ERROR_LOG "${SPONGE_EDGE_ERROR_LOG:-/dev/stderr}" error_log
text SPONGE_EDGE_TEMP_DIR "${SPONGE_EDGE_TEMP_DIR:-/tmp}" temp_dir
text SPONGE_EDGE_STATUS_NETWORK "${SPONGE_EDGE_STATUS_NETWORK:-127.0.0.1/32}" status_network
# The dashboard (www/) signs in at the OIDC issuer and fetches its discovery document, keys and
# tokens from there: its origin is the one place besides the edge itself that the pages may connect
# to (Content-Security-Policy connect-src, 50-security-headers.conf). Unset: the edge only.
case "${SPONGE_EDGE_OIDC_ORIGIN:-}" in
'') echo "var.connect_src = \"'self'\"" ;;
http://* | https://*)
	case "${SPONGE_EDGE_OIDC_ORIGIN#*://}" in
	'' | *[!A-Za-z0-9.:-]*) fail "SPONGE_EDGE_OIDC_ORIGIN must be an origin such as https://example.okta.com, got '${SPONGE_EDGE_OIDC_ORIGIN}'" ;;
	esac
	echo "var.connect_src = \"'self' ${SPONGE_EDGE_OIDC_ORIGIN}\""
	;;
*) fail "SPONGE_EDGE_OIDC_ORIGIN must be an origin such as https://example.okta.com, got '${SPONGE_EDGE_OIDC_ORIGIN}'" ;;
esac
# Deadlines for slow clients (10-limits.conf): seconds of silence allowed while a connection's first
# request head arrives, between requests (and while a later head arrives), while an API request body
# arrives, and while a response waits to be read.
seconds SPONGE_EDGE_HEAD_IDLE_SECONDS "${SPONGE_EDGE_HEAD_IDLE_SECONDS:-10}" head_idle
seconds SPONGE_EDGE_KEEP_ALIVE_IDLE_SECONDS "${SPONGE_EDGE_KEEP_ALIVE_IDLE_SECONDS:-10}" keep_alive_idle
seconds SPONGE_EDGE_BODY_IDLE_SECONDS "${SPONGE_EDGE_BODY_IDLE_SECONDS:-30}" body_idle
seconds SPONGE_EDGE_WRITE_IDLE_SECONDS "${SPONGE_EDGE_WRITE_IDLE_SECONDS:-120}" write_idle
# Plain HTTP (SPONGE_EDGE_PORT) redirects to https (90-plain-http.conf) unless told to serve: locally,
# or behind a load balancer that terminates TLS and forwards to this port. lighttpd cannot branch
# on a variable, so the switch is the scheme whose requests are redirected: http, or none.
case "${SPONGE_EDGE_PLAIN_HTTP:-redirect}" in
redirect) echo 'var.redirected_scheme = "http"' ;;
serve) echo 'var.redirected_scheme = "none"' ;;
*) fail "SPONGE_EDGE_PLAIN_HTTP must be redirect or serve, got '${SPONGE_EDGE_PLAIN_HTTP}'" ;;
esac
