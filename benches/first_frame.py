#!/usr/bin/env python3
"""First frame of the workbench on the demo, and the first rows of a 1,000,000-row SELECT on
PostgreSQL, as a real terminal (tmux) shows them.

Starts the release binary in a fresh tmux pane, polls the pane until the schema tree's
`post_stats` is on screen, and reports the time from starting the pane. The same is measured
for `sqlite3` printing the demo's tables in the same way (the cost of tmux and of polling
itself, and what a database's own client takes), in the same run.

    cargo build --release && python3 benches/first_frame.py [runs]
    (RETORT_BENCH_PG=postgresql://… for the rows; default the local server's postgres database)

Targets: the workbench's first frame within 50 ms; the first rows on screen within 30 ms of
the run key, next to psql's first line of the same SELECT with FETCH_COUNT, in the same tmux.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "retort")


RUN = [0]


def fresh(sock):
    """A socket of its own for each pane, so that no server still closing is reused."""
    RUN[0] += 1
    return f"{sock}-{RUN[0]}"


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True).stdout


def first_seen(cmd, what, sock):
    sock = fresh(sock)
    start = time.perf_counter()
    subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-s", "b", "-x", "120", "-y", "35", cmd], check=True)
    try:
        while True:
            if what in tmux(sock, "capture-pane", "-t", "b", "-p"):
                return (time.perf_counter() - start) * 1000
            if time.perf_counter() - start > 10:
                raise SystemExit(f"{what!r} never showed for {cmd}")
    finally:
        tmux(sock, "kill-server")


def first_rows(sock, make_cmd, sql, marker, runs):
    """Time from the key that runs `sql` to a line matching `marker` on screen."""
    out = []
    base = sock
    for i in range(runs):
        sock = fresh(base)
        cmd_for = make_cmd(i)
        subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-s", "b", "-x", "160", "-y", "40", cmd_for], check=True)
        try:
            deadline = time.perf_counter() + 10
            while "ready" not in tmux(sock, "capture-pane", "-t", "b", "-p") and "=#" not in tmux(sock, "capture-pane", "-t", "b", "-p"):
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{cmd_for} did not start")
                time.sleep(0.01)
            if "psql" not in cmd_for:
                tmux(sock, "send-keys", "-t", "b", "M-2")
                time.sleep(0.2)
            else:
                # the first screenful stays (the rest would scroll it away)
                tmux(sock, "send-keys", "-t", "b", "-l", "\\o |head -30")
                tmux(sock, "send-keys", "-t", "b", "Enter")
                time.sleep(0.2)
            tmux(sock, "send-keys", "-t", "b", "-l", sql)
            time.sleep(0.3)
            start = time.perf_counter()
            tmux(sock, "send-keys", "-t", "b", "Enter" if "psql" in cmd_for else "F5")
            while not re.search(marker, tmux(sock, "capture-pane", "-t", "b", "-p")):
                if time.perf_counter() - start > 10:
                    screen = tmux(sock, "capture-pane", "-t", "b", "-p")
                    raise SystemExit(f"{marker!r} never showed for {cmd_for}:\n{screen}")
            out.append((time.perf_counter() - start) * 1000)
        finally:
            tmux(sock, "kill-server")
    return out


def rows_bench(runs, data):
    pg = os.environ.get("RETORT_BENCH_PG", "postgresql://postgres@127.0.0.1/postgres")
    setup = ("create table if not exists retort_ff_rows as select g as id, md5(g::text) as a, "
             "md5((g+1)::text) as b, g * 2 as c from generate_series(1, 1000000) g")
    r = subprocess.run(["psql", pg, "-X", "-q", "-c", setup], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"  (no PostgreSQL at {pg}: {r.stderr.strip()}; rows not measured)")
        return
    sql = "select * from retort_ff_rows"
    # a data directory per run: no buffer, history or journal of an earlier one
    env = lambda i: f"env -u DATABASE_URL RETORT_DATA_DIR={data}/rows-{i} XDG_CONFIG_HOME={data}"
    marker = r"[0-9a-f]{32}"  # any row's md5: whichever the scan gives first
    sock = f"retort-fr-{os.getpid()}"
    ours = first_rows(sock, lambda i: f"{env(i)} {BIN} '{pg}'; sleep 30", sql, marker, runs)
    theirs = first_rows(
        sock, lambda i: f"psql -X -v FETCH_COUNT=1000 '{pg}'; sleep 30", sql + "; ", marker, runs
    )
    med = statistics.median
    print(f"first rows of a 1,000,000-row SELECT on screen after the run key, {runs} runs:")
    print(f"  retort workbench        median {med(ours):6.1f} ms  best {min(ours):6.1f} ms  (target <= 30 ms)")
    print(f"  psql FETCH_COUNT=1000   median {med(theirs):6.1f} ms  best {min(theirs):6.1f} ms  (baseline)")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    if not os.path.exists(BIN):
        raise SystemExit("build it first: cargo build --release")
    data = tempfile.mkdtemp(prefix="retort-ff-")
    env = f"env -u DATABASE_URL RETORT_DATA_DIR={data} XDG_CONFIG_HOME={data}"
    # the demo database is made on the first start; the figure is of later starts
    subprocess.run(f"{env} {BIN} -e 'select 1'", shell=True, check=True, capture_output=True)
    demo = os.path.join(data, "demo-v1.db")
    sock = f"retort-ff-{os.getpid()}"
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(first_seen(f"{env} {BIN}; sleep 5", "post_stats", sock))
        theirs.append(first_seen(f"sqlite3 {demo} '.tables'; sleep 5", "post_stats", sock))
    med = statistics.median
    print(f"first frame on the demo, {runs} runs, tmux polled as fast as it answers:")
    print(f"  retort workbench  median {med(ours):6.1f} ms  best {min(ours):6.1f} ms  (target <= 50 ms)")
    print(f"  sqlite3 .tables   median {med(theirs):6.1f} ms  best {min(theirs):6.1f} ms  (baseline)")
    rows_bench(max(5, runs // 2), data)


if __name__ == "__main__":
    main()
