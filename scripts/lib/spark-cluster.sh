# shellcheck shell=bash
# A throw-away Spark standalone cluster on 127.0.0.1 (one Master, N Workers, each its own JVM) built from
# the Maven-resolved jars of jobs/target/classpath.txt. Sourced by scripts/cluster-test and scripts/cluster-bench.
#
#   sc_init ROOT DIR       snapshot the workbench jar, classpath and JVM flags (ROOT/jobs/target, or $SC_APP_DIR)
#                          into DIR/app, so a rebuild by someone else mid-test cannot change the code under test,
#                          and make a SPARK_HOME whose jars/ links every runtime jar; everything the cluster
#                          writes stays below DIR
#   sc_start_master        Master on 127.0.0.1:$SC_MASTER_PORT (7077 unless taken), web UI on $SC_MASTER_UI_PORT (8080 unless taken)
#   sc_start_worker NAME [CORES] [MEMORY]   a Worker with its own work dir DIR/workers/NAME
#   sc_wait_workers N      until the Master lists N ALIVE workers
#   sc_submit LOG ARGS...  spark-submit (client mode) of the thin jar in the background; sets SC_SUBMIT_PID;
#                          the driver's stdout (the stage lines) goes to LOG, its stderr to LOG.err
#   sc_embedded LOG ARGS...  the same CLI in one local JVM (what ./workbench runs), in the foreground; LOG, LOG.err
#   sc_kill_worker NAME    kill -9 a Worker JVM and its executor JVMs
#   sc_stop_all            stop every process started here, by pid (TERM, then KILL after a grace period)
#
# Only processes whose pids were recorded here (and the executor JVMs the recorded Workers forked) are
# ever signalled.

SC_PIDS=()                 # every JVM started here, in start order
declare -A SC_WORKER_PID   # worker name -> pid
declare -A SC_WORKER_DIR   # worker name -> work dir
declare -A SC_WORKER_UI    # worker name -> web UI port
SC_CHILD_PIDS=()           # executor JVMs seen under our Workers
SC_SUBMIT_PID=""

sc_log() { printf '[cluster] %s\n' "$*" >&2; }

sc_now() { date +%s.%N; }
sc_secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# A free TCP port on 127.0.0.1: the preferred one when it is free, else one the kernel hands out.
sc_port() {
  local want="$1"
  if ! ss -ltnH "sport = :$want" 2>/dev/null | grep -q .; then
    echo "$want"
    return
  fi
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

sc_init() {
  local root="$1" dir="$2"
  SC_ROOT="$root"
  SC_DIR="$dir"
  mkdir -p "$dir/app" "$dir/spark-home/jars" "$dir/spark-home/conf" "$dir/local" "$dir/jtmp" "$dir/workers" "$dir/logs"
  # The build under test: jobs/target, or SC_APP_DIR laid out the same way. A build running elsewhere (mvn
  # package replaces the jar) is waited for, up to SC_BUILD_WAIT seconds.
  local app="${SC_APP_DIR:-$root/jobs/target}"
  local t=0 jar="$app/chiso-jobs-0.1.0.jar"
  until [ -f "$jar" ] && [ -f "$app/classpath.txt" ] && [ -f "$app/launcher/jvm-flags.txt" ] \
      && [ $(($(date +%s) - $(stat -c %Y "$jar"))) -ge 3 ] && unzip -tq "$jar" >/dev/null 2>&1; do
    t=$((t + 5))
    [ "$t" -le "${SC_BUILD_WAIT:-600}" ] || {
      echo "cluster: no complete $app/{chiso-jobs-0.1.0.jar,classpath.txt,launcher/jvm-flags.txt}; build with ./workbench --version" >&2
      return 2
    }
    [ "$t" -ne 5 ] || sc_log "waiting for a complete $jar (a build is running?)"
    sleep 5
  done
  cp "$jar" "$app/classpath.txt" "$app/launcher/jvm-flags.txt" "$dir/app/"
  unzip -tq "$dir/app/chiso-jobs-0.1.0.jar" >/dev/null || { echo "cluster: the jar changed while it was copied; try again" >&2; return 2; }
  SC_JAR="$dir/app/chiso-jobs-0.1.0.jar"
  SC_CP="$(cat "$dir/app/classpath.txt")"
  SC_FLAGS="$(cat "$dir/app/jvm-flags.txt")"
  SC_LOG4J="$root/conf/log4j2.properties"
  # Every JVM here keeps its scratch files below DIR and leaves no hsperfdata behind when killed.
  SC_JVM_COMMON="-XX:-UsePerfData -Djava.io.tmpdir=$dir/jtmp"
  local i=0 jar name
  IFS=':' read -r -a _sc_jars <<<"$SC_CP"
  for jar in "${_sc_jars[@]}"; do
    [ -n "$jar" ] || continue
    name="$(basename "$jar")"
    if [ -e "$dir/spark-home/jars/$name" ]; then
      i=$((i + 1))
      name="dup$i-$name"
    fi
    ln -s "$jar" "$dir/spark-home/jars/$name"
  done
  SC_SPARK_HOME="$dir/spark-home"
  SC_MASTER_PORT="$(sc_port "${SC_MASTER_PORT:-7077}")"
  SC_MASTER_UI_PORT="$(sc_port "${SC_MASTER_UI_PORT:-8080}")"
  SC_MASTER_URL="spark://127.0.0.1:$SC_MASTER_PORT"
  SC_MASTER_JSON="http://127.0.0.1:$SC_MASTER_UI_PORT/json/"
}

# Runs a daemon with the environment they share (the Worker hands it on to the executors it forks). Called
# with "&": exec makes the background job's pid the JVM's own pid.
sc_env() {
  exec env SPARK_HOME="$SC_SPARK_HOME" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$SC_DIR/local" \
    SPARK_CONF_DIR="$SC_SPARK_HOME/conf" SPARK_LOG_DIR="$SC_DIR/logs" "$@"
}

sc_start_master() {
  # shellcheck disable=SC2086
  # spark.worker.timeout (Master and Workers alike: Workers heartbeat every timeout/4) so a killed Worker
  # is declared dead in seconds rather than the default minute.
  sc_env java -Xmx512m $SC_JVM_COMMON $SC_FLAGS -Dspark.worker.timeout="${SC_WORKER_TIMEOUT:-15}" \
    -cp "$SC_CP" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$SC_MASTER_PORT" --webui-port "$SC_MASTER_UI_PORT" >"$SC_DIR/logs/master.log" 2>&1 &
  SC_MASTER_PID=$!
  SC_PIDS+=("$SC_MASTER_PID")
  local t=0
  until curl -sf "$SC_MASTER_JSON" >/dev/null 2>&1; do
    kill -0 "$SC_MASTER_PID" 2>/dev/null || { echo "cluster: the Master exited; log:" >&2; tail -20 "$SC_DIR/logs/master.log" >&2; return 1; }
    t=$((t + 1)); [ "$t" -lt 120 ] || { echo "cluster: the Master did not answer on $SC_MASTER_JSON" >&2; return 1; }
    sleep 0.5
  done
  sc_log "Master $SC_MASTER_URL (pid $SC_MASTER_PID), UI http://127.0.0.1:$SC_MASTER_UI_PORT"
}

sc_start_worker() {
  local name="$1" cores="${2:-1}" mem="${3:-3g}"
  local wd="$SC_DIR/workers/$name" ui
  mkdir -p "$wd"
  ui="$(sc_port 0)"
  # shellcheck disable=SC2086
  sc_env SPARK_WORKER_DIR="$wd" java -Xmx512m $SC_JVM_COMMON $SC_FLAGS -Dspark.worker.timeout="${SC_WORKER_TIMEOUT:-15}" \
    -cp "$SC_CP" org.apache.spark.deploy.worker.Worker \
    "$SC_MASTER_URL" --host 127.0.0.1 --cores "$cores" --memory "$mem" --work-dir "$wd" --webui-port "$ui" \
    >"$SC_DIR/logs/worker-$name.log" 2>&1 &
  SC_WORKER_PID[$name]=$!
  SC_WORKER_DIR[$name]="$wd"
  SC_WORKER_UI[$name]="$ui"
  SC_PIDS+=("$!")
  sc_log "Worker $name (pid $!, $cores core, $mem, work dir $wd)"
}

# The Master's JSON (workers, active and completed applications).
sc_master_json() { curl -sf "$SC_MASTER_JSON"; }

sc_wait_workers() {
  local n="$1" t=0 alive
  while :; do
    alive="$(sc_master_json | jq '[.workers[] | select(.state == "ALIVE")] | length' 2>/dev/null || echo 0)"
    [ "${alive:-0}" -ge "$n" ] && break
    t=$((t + 1))
    [ "$t" -lt 120 ] || { echo "cluster: only ${alive:-0} of $n workers registered" >&2; tail -5 "$SC_DIR"/logs/worker-*.log >&2; return 1; }
    sleep 0.5
  done
  sc_log "$n workers ALIVE"
}

# Java options every driver and executor gets: Spark's module flags and our scratch directory.
sc_java_opts() { echo "$SC_JVM_COMMON $SC_FLAGS"; }

# spark-submit of the thin jar, client deploy mode: the driver is this JVM, the executors fetch the jar
# from it. Extra spark-submit options may come first, before the workbench arguments, separated by "--".
sc_submit() {
  local log="$1"; shift
  local pre=()
  if [[ " $* " == *" -- "* ]]; then
    while [ "$1" != "--" ]; do pre+=("$1"); shift; done
    shift
  fi
  local opts; opts="$(sc_java_opts)"
  # shellcheck disable=SC2086
  env SPARK_LOCAL_IP=127.0.0.1 java -Xmx${SC_DRIVER_MEMORY:-4g} $opts -Dlog4j2.configurationFile="$SC_LOG4J" -cp "$SC_CP" \
    org.apache.spark.deploy.SparkSubmit --master "$SC_MASTER_URL" --deploy-mode client \
    --class "${SC_MAIN_CLASS:-org.chiso.cli.Workbench}" --name chiso-workbench \
    --conf spark.driver.host=127.0.0.1 --conf spark.local.dir="$SC_DIR/local" \
    --conf spark.executor.memory="${SC_EXECUTOR_MEMORY:-2g}" --conf spark.executor.cores=1 \
    --conf spark.driver.extraJavaOptions="$opts" --conf spark.executor.extraJavaOptions="$opts" \
    "${pre[@]}" "$SC_JAR" "$@" >"$log" 2>"$log.err" &
  SC_SUBMIT_PID=$!
  SC_PIDS+=("$SC_SUBMIT_PID")
}

# The workbench CLI in one local JVM, as ./workbench runs it, but from the snapshot jar. Foreground.
sc_embedded() {
  local log="$1"; shift
  # shellcheck disable=SC2086
  env SPARK_LOCAL_IP=127.0.0.1 java ${WORKBENCH_JAVA_OPTS:--Xmx8g} $(sc_java_opts) -Dlog4j2.configurationFile="$SC_LOG4J" \
    -Dworkbench.home="$SC_ROOT" -Dspark.local.dir="$SC_DIR/local" -cp "$SC_JAR:$SC_CP" "${SC_MAIN_CLASS:-org.chiso.cli.Workbench}" "$@" \
    >"$log" 2>"$log.err" &
  local pid=$!
  SC_PIDS+=("$pid")
  wait "$pid"
}

# Executor JVMs the Worker forked (children of its pid), remembered so they can be stopped later.
sc_worker_children() {
  local pid="${SC_WORKER_PID[$1]}" c
  for c in $(pgrep -P "$pid" 2>/dev/null); do
    SC_CHILD_PIDS+=("$c")
    echo "$c"
  done
}

sc_kill_worker() {
  local name="$1" pid="${SC_WORKER_PID[$1]}" kids
  kids="$(sc_worker_children "$name" | tr '\n' ' ')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true   # reaps it without the shell's "Killed" notice
  for c in $kids; do kill -9 "$c" 2>/dev/null || true; done
  sc_log "killed -9 Worker $name (pid $pid) and its executor JVM(s): ${kids:-none}"
}

sc_alive() { kill -0 "$1" 2>/dev/null; }

sc_stop_all() {
  local name c pid all=() t
  for name in "${!SC_WORKER_PID[@]}"; do
    sc_alive "${SC_WORKER_PID[$name]}" && sc_worker_children "$name" >/dev/null
  done
  # newest first: drivers and embedded runs, workers, then the master; executors last (workers stop theirs)
  for ((i = ${#SC_PIDS[@]} - 1; i >= 0; i--)); do all+=("${SC_PIDS[$i]}"); done
  all+=("${SC_CHILD_PIDS[@]}")
  for pid in "${all[@]}"; do sc_alive "$pid" && kill -TERM "$pid" 2>/dev/null || true; done
  for t in $(seq 1 40); do
    c=0
    for pid in "${all[@]}"; do sc_alive "$pid" && c=$((c + 1)); done
    [ "$c" -eq 0 ] && break
    sleep 0.25
  done
  for pid in "${all[@]}"; do
    if sc_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  for pid in "${all[@]}"; do wait "$pid" 2>/dev/null || true; done
  SC_PIDS=()
  SC_CHILD_PIDS=()
}

# Applications and executors per worker, from the work dirs: "<worker> <apps> <executors> <tasks run>".
sc_executor_report() {
  local name wd apps execs tasks
  for name in $(printf '%s\n' "${!SC_WORKER_DIR[@]}" | sort); do
    wd="${SC_WORKER_DIR[$name]}"
    apps="$(find "$wd" -mindepth 1 -maxdepth 1 -type d -name 'app-*' 2>/dev/null | wc -l)"
    execs="$(find "$wd" -mindepth 3 -maxdepth 3 -name stderr -path '*/app-*/*' 2>/dev/null | wc -l)"
    tasks="$(cat "$wd"/app-*/*/stderr 2>/dev/null | grep -c 'Running task' || true)"
    echo "$name $apps $execs $tasks"
  done
}
