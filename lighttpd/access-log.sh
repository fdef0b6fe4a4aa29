#!/bin/sh
# lighttpd's access log pipe when SPONGE_EDGE_METRICS_LOG is set (settings.sh): every line goes to
# SPONGE_EDGE_ACCESS_LOG as before (the container's stderr, so `kubectl logs` still shows it) and
# to the file the mtail sidecar reads. That file never grows past the size given: it is replaced
# by an empty one (a rename, so its name never disappears and mtail reads the old one to its end
# before it turns to the new one), and the old one's space is freed once mtail has let go of it.
# lighttpd restarts this pipe if it exits after running a while; each start begins a new file.
# Arguments: the access log, the metrics log, the metrics log's size limit in KiB.
set -eu
# lighttpd gives its log pipes /dev/null as stdout and stderr: /dev/stderr means lighttpd's own.
out=$1
[ "$out" != /dev/stderr ] || out=/proc/$PPID/fd/2
# A metrics log that cannot be written must not cost the access log (lighttpd does not restart a
# pipe that fails at once): without it, the lines only go where they always went.
if ! (: >"$2.new") 2>/dev/null; then
	echo "sponge edge: cannot write $2.new; the access log goes to $1 only, and mtail gets nothing" >>"/proc/$PPID/fd/2"
	exec cat >>"$out"
fi
# Debian's mawk (always installed) reads a pipe in blocks unless interactive, which would hold
# lines back until 4 KiB had gathered.
exec mawk -W interactive -v out="$out" -v metrics="$2" -v limit="$(($3 * 1024))" '
function rotate() {
	close(metrics)
	printf "" > (metrics ".new")
	close(metrics ".new")
	if (system("mv -f \"" metrics ".new\" \"" metrics "\"") != 0) exit 1
	size = 0
}
BEGIN { rotate() }
{
	print >> out
	fflush(out)
	if (size > 0 && size + length($0) + 1 > limit) rotate()
	print >> metrics
	fflush(metrics)
	size += length($0) + 1
}'
