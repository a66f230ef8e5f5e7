# shellcheck shell=bash
# Shared helpers for scripts/*.sh; source it, don't run it.
#
# Every step checks its own result and returns non-zero: callers often run
# these functions as `if gr_x; then`, where bash switches `set -e` off.

GR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# GR_PGBIN may name a private copy of the PostgreSQL 15 tree (PostgreSQL is
# relocatable), so that two work trees can install and test side by side.
GR_PGBIN="${GR_PGBIN:-/usr/lib/postgresql/15/bin}"
GR_PG_CONFIG="$GR_PGBIN/pg_config"
# Debian's /usr/bin/psql picks the newest installed major; pin ours.
export PATH="$GR_PGBIN:$PATH"

# libclang-rt-14-dev: the ASan/UBSan/libFuzzer runtimes; clang only recommends it.
# libzip-dev: .docx containers; libreoffice-writer-nogui: the docx suite's documents;
# chromium and fonts-noto-cjk: the browser suite's report cards;
# libpq-dev, libssl-dev: govreport-load (libpq, and libcrypto's sha256).
GR_DEPS=(postgresql-15 postgresql-server-dev-15 libxml2-dev libzip-dev build-essential clang libclang-rt-14-dev python3 poppler-utils
	libreoffice-writer-nogui chromium fonts-noto-cjk libpq-dev libssl-dev)

gr_die() { echo "error: $*" >&2; exit 1; }

gr_is_root() { [ "$(id -u)" -eq 0 ]; }

gr_install_deps() {
	local pkg missing=()
	for pkg in "${GR_DEPS[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
			|| missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	gr_is_root || gr_die "missing packages: ${missing[*]}; this project's scripts run as root (CI and developers are root)"
	echo "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || return 1
	apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
}

gr_build_install() {
	(cd "$GR_ROOT" \
		&& make -s PG_CONFIG="$GR_PG_CONFIG" \
		&& make -s install PG_CONFIG="$GR_PG_CONFIG")
}

# Our socket lives in a private directory, so no port can clash; still skip
# ports that have a server in the usual socket directories, so that a human
# poking at the cluster never confuses it with another one.
gr_free_port() {
	local port
	for port in $(seq 54329 54429); do
		if ! pg_isready -q -h /var/run/postgresql -p "$port" && ! pg_isready -q -h /tmp -p "$port"; then
			echo "$port"
			return 0
		fi
	done
	echo "error: no free port in 54329-54429" >&2
	return 1
}

gr_stop_cluster() {
	[ -n "${GR_CLUSTER:-}" ] || return 0
	if [ "${GR_KEEP_CLUSTER:-0}" = 1 ]; then
		echo "keeping cluster: PGHOST=$GR_CLUSTER PGPORT=$PGPORT" >&2
		return 0
	fi
	runuser -u postgres -- "$GR_PGBIN/pg_ctl" stop -D "$GR_CLUSTER/data" -m immediate >/dev/null 2>&1 || true
	rm -rf "$GR_CLUSTER"
	GR_CLUSTER=
}

# Throwaway cluster, reachable only through a socket in its own directory.
gr_start_cluster() {
	gr_is_root || gr_die "starting a cluster needs root (runuser to postgres); this project's scripts run as root"
	local dir port
	dir="$(mktemp -d /tmp/govreport-pg.XXXXXX)" || return 1
	GR_CLUSTER="$dir"
	# Stop it however the caller exits; the trap's output would land after
	# test.sh's final summary line, so gr_stop_cluster stays quiet.
	trap gr_stop_cluster EXIT
	chown postgres:postgres "$dir" && chmod 700 "$dir" || return 1
	port="$(gr_free_port)" || return 1
	runuser -u postgres -- "$GR_PGBIN/initdb" -D "$dir/data" -A trust -U postgres \
		--no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
		|| { cat "$dir/initdb.log" >&2; return 1; }
	if ! runuser -u postgres -- "$GR_PGBIN/pg_ctl" start -D "$dir/data" -w -l "$dir/server.log" \
		-o "-p $port -k $dir -c listen_addresses='' -c fsync=off" >/dev/null; then
		echo "error: PostgreSQL did not start; server log:" >&2
		tail -n 30 "$dir/server.log" >&2
		return 1
	fi
	export PGHOST="$dir" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
}
