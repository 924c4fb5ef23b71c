#!/usr/bin/env bash
# Provision a throw-away Elasticsearch node for tests and CI, without Docker.
#
#   scripts/elasticsearch.sh start    download (once), start, wait for yellow; prints the URL
#   scripts/elasticsearch.sh stop     stop the node started for ES_PORT
#   scripts/elasticsearch.sh status   exit 0 if a healthy node answers on ES_PORT
#   scripts/elasticsearch.sh url      print the base URL
#
# The official minimal distribution (integ-test-zip) is fetched from Maven
# Central with Maven and cached outside the repository, in
#   ${NEWSINDEX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsindex}/elasticsearch/
# together with the per-port node directory (config, data, logs, pid file).
# The node listens on 127.0.0.1 only, single-node discovery, security off,
# disk watermarks off. Run as root, it runs the node as the unprivileged
# system user "newsindex-es" (created if missing), since Elasticsearch
# refuses to run as root.
#
# The minimal distribution lacks the analysis-common module, whose components
# the index's analyzers use (index/analysis_es.py). "start" builds, with Maven
# and a JDK 21+, the small test-support plugin in tests/es-analysis-plugin
# against this ES_VERSION, and starts the node from a copy of the distribution
# (hard links) with that plugin installed, both cached beside the distribution
# and keyed by ES_VERSION and a hash of the plugin's sources:
#   analysis-plugin/newsindex-analysis-test-<version>-<hash>.zip
#   elasticsearch-<version>-analysis-<hash>/
# Under CI=true a failed build is an error; elsewhere the node starts without
# the plugin (the tests that need it then say so). Production needs no plugin:
# every full distribution has analysis-common built in.
#
# Environment: ES_VERSION, ES_PORT (9200), ES_TRANSPORT_PORT (a range, by
# default ES_PORT+100..ES_PORT+199), ES_JAVA_HOME / JAVA_HOME (Java 21+),
# ES_JAVA_OPTS (-Xms512m -Xmx512m), ES_START_TIMEOUT (120 s), NEWSINDEX_CACHE,
# ES_HUNSPELL_DIR (/usr/share/hunspell: *.aff/*.dic offered to the hunspell filter).
#
# Note: the integ-test-zip holds only the server plus x-pack-core,
# x-pack-security, transport-netty4 and apm: no analysis-common (no language
# analyzers, stemmer, snowball, asciifolding, synonym, ngram), no painless, no
# reindex (_delete_by_query, _reindex), no ingest processors, no GET / info.
set -euo pipefail
umask 022

ES_VERSION="${ES_VERSION:-9.5.4}"
ES_PORT="${ES_PORT:-9200}"
ES_HOST=127.0.0.1
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((ES_PORT + 100))-$((ES_PORT + 199))}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_MIN_JAVA=21
ES_SYSTEM_USER=newsindex-es

CACHE_ROOT="${NEWSINDEX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/newsindex}"
PLUGIN_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/es-analysis-plugin"
PLUGIN_NAME=newsindex-analysis-test
ES_CACHE="$CACHE_ROOT/elasticsearch"
ES_ZIP="$ES_CACHE/elasticsearch-$ES_VERSION.zip"
ES_DIST="$ES_CACHE/elasticsearch-$ES_VERSION"
NODE_DIR="$ES_CACHE/node-$ES_PORT"
PID_FILE="$NODE_DIR/elasticsearch.pid"
CLUSTER_NAME="newsindex-test-$ES_PORT"
LOG_FILE="$NODE_DIR/logs/$CLUSTER_NAME.log"
STARTUP_LOG="$NODE_DIR/logs/startup.out"
URL="http://$ES_HOST:$ES_PORT"

log() { printf 'elasticsearch.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not found in PATH${2:+ ($2)}"; }

# --------------------------------------------------------------------------
# HTTP helpers
# --------------------------------------------------------------------------
healthy() { # yellow or green within a short wait
  curl -fsS --max-time 10 "$URL/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1
}

port_open() { # something accepts TCP connections on ES_PORT
  (exec 3<>"/dev/tcp/$ES_HOST/$ES_PORT") 2>/dev/null
}

# --------------------------------------------------------------------------
# Process helpers
# --------------------------------------------------------------------------
node_pid() { # prints the pid of our running node, if any
  local pid
  [[ -s $PID_FILE ]] || return 1
  pid=$(tr -dc '0-9' <"$PID_FILE")
  [[ -n $pid ]] || return 1
  kill -0 "$pid" 2>/dev/null || [[ -d /proc/$pid ]] || return 1
  # Guard against a recycled pid: it must be an Elasticsearch JVM.
  if [[ -r /proc/$pid/cmdline ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'org.elasticsearch'; then
    return 1
  fi
  printf '%s\n' "$pid"
}

show_log_tail() {
  local f
  for f in "$STARTUP_LOG" "$LOG_FILE"; do
    if [[ -s $f ]]; then
      log "---- last lines of $f (stack frames omitted) ----"
      grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ more)' "$f" | tail -n 20 >&2 || true
    fi
  done
}

as_node_user() { # run a command as the user that owns the node
  if [[ $EUID -ne 0 ]]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$ES_SYSTEM_USER" -- "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$ES_SYSTEM_USER" --regid="$ES_SYSTEM_USER" --init-groups -- "$@"
  else
    die "running as root needs 'runuser' or 'setpriv' to drop privileges"
  fi
}

# --------------------------------------------------------------------------
# Java
# --------------------------------------------------------------------------
java_major() { # $1 = java binary; prints the feature version (8, 17, 21, ...)
  local line v
  line=$("$1" -version 2>&1 | grep -m1 -E 'version "') || return 1
  v=${line#*version \"}
  v=${v%%\"*}
  case $v in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}
  [[ -n $v ]] || return 1
  printf '%s\n' "$v"
}

find_java_home() { # prints a JAVA home with Java >= ES_MIN_JAVA
  local home cand major best="" best_major=0
  for home in "${ES_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    [[ -n $home ]] || continue
    if [[ -x $home/bin/java ]] && major=$(java_major "$home/bin/java"); then
      if ((major >= ES_MIN_JAVA)); then
        printf '%s\n' "$home"
        return 0
      fi
      log "ignoring $home: Java $major < $ES_MIN_JAVA"
    fi
  done
  # A distribution with a bundled JDK (the integ-test-zip has none).
  if [[ -x $ES_DIST/jdk/bin/java ]]; then
    printf '%s\n' "$ES_DIST/jdk"
    return 0
  fi
  for cand in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null || true)"; do
    [[ -n $cand && -x $cand ]] || continue
    major=$(java_major "$cand") || continue
    if ((major >= ES_MIN_JAVA && major > best_major)); then
      best_major=$major
      best=$(readlink -f "$cand")
      best=${best%/bin/java}
    fi
  done
  [[ -n $best ]] || return 1
  printf '%s\n' "$best"
}

# --------------------------------------------------------------------------
# Distribution
# --------------------------------------------------------------------------
fetch_distribution() {
  mkdir -p "$ES_CACHE"
  if [[ ! -s $ES_ZIP ]]; then
    need mvn "install Maven, e.g. apt-get install -y maven"
    local tmp
    tmp=$(mktemp -d "$ES_CACHE/.download.XXXXXX")
    log "downloading Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central ..."
    if ! mvn -B -q -U dependency:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      "-DoutputDirectory=$tmp" >"$tmp/mvn.log" 2>&1; then
      tail -n 20 "$tmp/mvn.log" >&2
      rm -rf "$tmp"
      die "could not download org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
    fi
    mv -f "$tmp/elasticsearch-$ES_VERSION.zip" "$ES_ZIP"
    rm -rf "$tmp"
  fi
  if [[ ! -x $ES_DIST/bin/elasticsearch ]]; then
    local tmp
    tmp=$(mktemp -d "$ES_CACHE/.unpack.XXXXXX")
    log "unpacking $ES_ZIP ..."
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$ES_ZIP" -d "$tmp" || { rm -rf "$tmp"; die "could not unzip $ES_ZIP"; }
    elif command -v python3 >/dev/null 2>&1; then
      python3 -m zipfile -e "$ES_ZIP" "$tmp" || { rm -rf "$tmp"; die "could not unzip $ES_ZIP"; }
      chmod -R a+rX "$tmp"
      chmod a+x "$tmp/elasticsearch-$ES_VERSION"/bin/*
    else
      rm -rf "$tmp"
      die "need 'unzip' (or python3) to unpack $ES_ZIP"
    fi
    [[ -x $tmp/elasticsearch-$ES_VERSION/bin/elasticsearch ]] || { rm -rf "$tmp"; die "unexpected layout in $ES_ZIP"; }
    rm -rf "$ES_DIST"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_DIST"
    rm -rf "$tmp"
  fi
}

# --------------------------------------------------------------------------
# Test-support analysis plugin (tests/es-analysis-plugin)
# --------------------------------------------------------------------------
plugin_hash() { # a short hash of the plugin's sources
  (cd "$PLUGIN_SRC" && find . -type f -not -path './target/*' | LC_ALL=C sort | xargs sha256sum) |
    sha256sum | cut -c1-12
}

find_jdk_home() { # $1 = a Java home; prints it, or another JDK >= ES_MIN_JAVA, with javac
  local home=$1 cand major best="" best_major=0
  if [[ -x $home/bin/javac ]]; then
    printf '%s\n' "$home"
    return 0
  fi
  for cand in /usr/lib/jvm/*/bin/javac; do
    [[ -x $cand ]] || continue
    major=$(java_major "${cand%/javac}/java") || continue
    if ((major >= ES_MIN_JAVA && major > best_major)); then
      best_major=$major
      best=${cand%/bin/javac}
    fi
  done
  [[ -n $best ]] || return 1
  printf '%s\n' "$best"
}

build_plugin() { # $1 = JDK home, $2 = output zip
  local jdk=$1 zip=$2 build
  need mvn "install Maven, e.g. apt-get install -y maven"
  build=$(mktemp -d "$ES_CACHE/.plugin-build.XXXXXX")
  cp -R "$PLUGIN_SRC/." "$build/"
  rm -rf "$build/target"
  log "building the test analysis plugin for Elasticsearch $ES_VERSION ..."
  if ! JAVA_HOME="$jdk" mvn -B -q -f "$build/pom.xml" package "-Delasticsearch.version=$ES_VERSION" \
    >"$build/mvn.log" 2>&1; then
    tail -n 30 "$build/mvn.log" >&2
    rm -rf "$build"
    return 1
  fi
  mkdir -p "$(dirname "$zip")"
  mv -f "$build/target/$PLUGIN_NAME-$ES_VERSION.zip" "$zip"
  rm -rf "$build"
}

plugin_home() { # $1 = Java home; prints the distribution to start: with the plugin if it builds
  local java_home=$1 hash zip home jdk tmp
  if [[ ! -f $PLUGIN_SRC/pom.xml ]]; then
    printf '%s\n' "$ES_DIST"
    return 0
  fi
  hash=$(plugin_hash)
  zip="$ES_CACHE/analysis-plugin/$PLUGIN_NAME-$ES_VERSION-$hash.zip"
  home="$ES_CACHE/elasticsearch-$ES_VERSION-analysis-$hash"
  if [[ -x $home/bin/elasticsearch && -d $home/plugins/$PLUGIN_NAME ]]; then
    printf '%s\n' "$home"
    return 0
  fi
  if [[ ! -s $zip ]]; then
    if ! jdk=$(find_jdk_home "$java_home") || ! build_plugin "$jdk" "$zip"; then
      [[ ${CI:-} == true ]] && die "could not build the test analysis plugin (tests/es-analysis-plugin); CI needs it"
      log "warning: could not build the test analysis plugin (needs Maven and a JDK $ES_MIN_JAVA+);"
      log "warning: starting without it: tests of the generated analyzers will say so"
      printf '%s\n' "$ES_DIST"
      return 0
    fi
  fi
  tmp=$(mktemp -d "$ES_CACHE/.plugin-home.XXXXXX")
  chmod 755 "$tmp" # mktemp's 0700 would lock out the node's user
  # Hard links: the copy costs no space; nothing below rewrites a linked file.
  cp -al "$ES_DIST/." "$tmp/" 2>/dev/null || cp -a "$ES_DIST/." "$tmp/"
  log "installing $(basename "$zip") into $home ..."
  if ! env -u JAVA_HOME ES_JAVA_HOME="$java_home" ES_PATH_CONF="$tmp/config" \
    "$tmp/bin/elasticsearch-plugin" install --batch "file://$zip" >"$tmp/plugin-install.log" 2>&1; then
    cat "$tmp/plugin-install.log" >&2
    rm -rf "$tmp"
    die "could not install $zip"
  fi
  chmod -R a+rX "$tmp/plugins"
  rm -rf "$home"
  mv "$tmp" "$home"
  printf '%s\n' "$home"
}

# --------------------------------------------------------------------------
# Node directory and config
# --------------------------------------------------------------------------
write_config() {
  local conf="$NODE_DIR/config"
  mkdir -p "$conf/jvm.options.d" "$NODE_DIR/data" "$NODE_DIR/logs" "$NODE_DIR/tmp"
  # Distribution defaults (log4j2, jvm.options, ...); our elasticsearch.yml below.
  cp -f "$ES_DIST/config/jvm.options" "$ES_DIST/config/log4j2.properties" "$conf/"
  # Relative GC log / crash files would land in the JVM's working directory.
  sed -i -e "s#file=gc\.log#file=$NODE_DIR/logs/gc.log#" \
    -e "s#ErrorFile=hs_err_pid#ErrorFile=$NODE_DIR/logs/hs_err_pid#" "$conf/jvm.options"
  printf '%s\n' "-XX:HeapDumpPath=$NODE_DIR/logs" >"$conf/jvm.options.d/newsindex.options"
  # The minimal distribution has no analysis-common module (no language
  # analyzers, stemmer, snowball, asciifolding), but the core "hunspell" token
  # filter works with dictionaries in config/hunspell/<locale>/. Offer the
  # system ones (e.g. Debian's hunspell-ru / hunspell-en-us), loaded lazily.
  local dic aff locale
  rm -rf "$conf/hunspell"
  for dic in "${ES_HUNSPELL_DIR:-/usr/share/hunspell}"/*.dic; do
    aff=${dic%.dic}.aff
    [[ -f $dic && -f $aff ]] || continue
    locale=$(basename "$dic" .dic)
    mkdir -p "$conf/hunspell/$locale"
    cp -L "$aff" "$dic" "$conf/hunspell/$locale/"
  done
  {
    echo "# Generated by scripts/elasticsearch.sh; rewritten on every start."
    echo "cluster.name: $CLUSTER_NAME"
    echo "node.name: node-$ES_PORT"
    echo "path.data: $NODE_DIR/data"
    echo "path.logs: $NODE_DIR/logs"
    echo "network.host: $ES_HOST"
    echo "http.port: $ES_PORT"
    echo "transport.port: $ES_TRANSPORT_PORT"
    echo "discovery.type: single-node"
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    echo "action.destructive_requires_name: false"
    echo "indices.analysis.hunspell.dictionary.lazy: true"
    if [[ -d $ES_DIST/modules/x-pack-security ]]; then
      echo "xpack.security.enabled: false"
    fi
  } >"$conf/elasticsearch.yml"
}

ensure_system_user() {
  id -u "$ES_SYSTEM_USER" >/dev/null 2>&1 && return 0
  log "creating system user $ES_SYSTEM_USER"
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$ES_SYSTEM_USER" 2>/dev/null ||
      id -u "$ES_SYSTEM_USER" >/dev/null 2>&1 || die "could not create user $ES_SYSTEM_USER"
  elif command -v adduser >/dev/null 2>&1; then
    adduser -S -D -H -s /sbin/nologin "$ES_SYSTEM_USER" 2>/dev/null ||
      id -u "$ES_SYSTEM_USER" >/dev/null 2>&1 || die "could not create user $ES_SYSTEM_USER"
  else
    die "need useradd or adduser to create user $ES_SYSTEM_USER"
  fi
}

grant_traverse() { # as root: let the node user reach the cache (e.g. under /root)
  local dir="$ES_CACHE" dirs=()
  while [[ $dir != / && -n $dir ]]; do
    dirs=("$dir" "${dirs[@]}")
    dir=$(dirname "$dir")
  done
  for dir in "${dirs[@]}"; do
    if ! as_node_user test -x "$dir"; then
      log "granting search permission (o+x, no listing) on $dir to $ES_SYSTEM_USER"
      chmod o+x "$dir"
    fi
  done
}

# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------
wait_healthy() { # $1 = pid of the node
  local pid=$1 deadline=$((SECONDS + ES_START_TIMEOUT))
  log "waiting for $URL to reach yellow (timeout ${ES_START_TIMEOUT}s) ..."
  while ((SECONDS < deadline)); do
    if healthy; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null && [[ ! -d /proc/$pid ]]; then
      log "the node (pid $pid) exited during startup"
      return 1
    fi
    sleep 1
  done
  log "timed out after ${ES_START_TIMEOUT}s"
  return 1
}

cmd_start() {
  need curl
  local pid java_home java_major_v es_home started=$SECONDS

  if pid=$(node_pid); then
    if healthy || wait_healthy "$pid"; then
      log "already running (pid $pid) at $URL"
      echo "$URL"
      return 0
    fi
    show_log_tail
    die "node pid $pid is running but not healthy; try: $0 stop"
  fi
  if healthy; then
    log "an Elasticsearch node is already up and healthy at $URL (not started by this script)"
    echo "$URL"
    return 0
  fi
  if port_open; then
    die "port $ES_PORT on $ES_HOST is in use by something that is not a healthy Elasticsearch node"
  fi
  rm -f "$PID_FILE"

  # Serialise concurrent starts/downloads for the same cache.
  mkdir -p "$ES_CACHE"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$ES_CACHE/.lock"
    flock 9
  fi

  fetch_distribution

  java_home=$(find_java_home) ||
    die "Elasticsearch $ES_VERSION needs Java $ES_MIN_JAVA+; none found (set ES_JAVA_HOME, or install a JDK $ES_MIN_JAVA+ under /usr/lib/jvm)"
  java_major_v=$(java_major "$java_home/bin/java")
  log "using Java $java_major_v from $java_home"
  es_home=$(plugin_home "$java_home")

  local mmc
  mmc=$(cat /proc/sys/vm/max_map_count 2>/dev/null || echo unknown)
  if [[ $mmc =~ ^[0-9]+$ ]] && ((mmc < 262144)); then
    log "note: vm.max_map_count=$mmc (< 262144); fine for a loopback single-node test node"
  fi

  write_config
  if [[ $EUID -eq 0 ]]; then
    ensure_system_user
    chown -R "$ES_SYSTEM_USER:" "$NODE_DIR"
    grant_traverse
  fi

  log "starting Elasticsearch $ES_VERSION on $URL (data: $NODE_DIR) ..."
  : >"$STARTUP_LOG"
  [[ $EUID -eq 0 ]] && chown "$ES_SYSTEM_USER:" "$STARTUP_LOG"
  # -d daemonizes (the launcher returns once the node is up or has failed);
  # -p writes the pid file. JAVA_HOME is unset: the launcher only reads ES_JAVA_HOME.
  if ! as_node_user env -u JAVA_HOME \
    ES_JAVA_HOME="$java_home" \
    ES_PATH_CONF="$NODE_DIR/config" \
    ES_TMPDIR="$NODE_DIR/tmp" \
    ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
    "$es_home/bin/elasticsearch" -d -p "$PID_FILE" \
    >>"$STARTUP_LOG" 2>&1 </dev/null 9>&-; then
    show_log_tail
    die "Elasticsearch failed to start"
  fi

  local i
  for ((i = 0; i < 30; i++)); do
    pid=$(node_pid) && break
    sleep 1
  done
  if [[ -z ${pid:-} ]]; then
    show_log_tail
    die "Elasticsearch did not write its pid file $PID_FILE"
  fi
  if ! wait_healthy "$pid"; then
    show_log_tail
    die "Elasticsearch did not become healthy at $URL"
  fi
  log "up (pid $pid) after $((SECONDS - started))s"
  echo "$URL"
}

cmd_stop() {
  local pid i
  if ! pid=$(node_pid); then
    rm -f "$PID_FILE" 2>/dev/null || true
    log "not running (no live pid in $PID_FILE)"
    return 0
  fi
  log "stopping Elasticsearch (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || die "cannot signal pid $pid (started by another user?)"
  for ((i = 0; i < 60; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE" 2>/dev/null || true
      log "stopped"
      return 0
    fi
    sleep 1
  done
  log "still running after 60s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  rm -f "$PID_FILE" 2>/dev/null || true
  kill -0 "$pid" 2>/dev/null && die "pid $pid did not exit"
  log "killed"
}

cmd_status() {
  local pid=""
  pid=$(node_pid) || pid=""
  if healthy; then
    local health
    health=$(curl -fsS --max-time 5 "$URL/_cluster/health" 2>/dev/null | grep -o '"status":"[a-z]*"' || true)
    echo "running${pid:+ (pid $pid)} at $URL ${health}"
    return 0
  fi
  if [[ -n $pid ]]; then
    echo "starting or unhealthy (pid $pid) at $URL"
    return 1
  fi
  echo "not running at $URL"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  *)
    echo "usage: $0 {start|stop|status|url}" >&2
    exit 2
    ;;
esac
