"""Replicas of the dashboard behind a real reverse proxy, on this machine.

`python -m tracker.hosting --replicas 2 --port 8501 [--address 127.0.0.1] [--data DIR]`
(`make replicas N=2 PORT=8501`) starts N `python -m tracker serve` processes on free loopback
ports, waits until each answers `/_stcore/health`, writes the HAProxy configuration
(tracker/haproxy.cfg filled in) into a work folder of its own (a temporary folder, never the
data folder), runs Debian's `haproxy` in the foreground as a child process, prints the address,
restarts a replica that dies, and stops everything on Ctrl-C or SIGTERM.

HAProxy passes each tab's websocket (`/_stcore/stream`) through, keeps a browser on one replica
with a cookie it inserts (`SRV=r0`, `r1`, ...; a download is served by the replica that drew it),
health-checks `/_stcore/health` twice a second and takes a dead replica out within about a
second; a tab whose replica died reconnects to a live one and keeps its view, which lives in its
link and its widgets, not in the server.

From Python (the browser tests, the benchmark):

    with Cluster(2, data_dir) as cluster:      # started; stopped on leaving the block
        cluster.url                            # http://127.0.0.1:<port>, the proxy
        cluster.replica_of("r1")               # the Replica a cookie value names
        cluster.kill(1)                        # SIGKILL replica 1 (its process group)
        cluster.wait_server_state("r1", "DOWN")
        cluster.restart(1)                     # the same port again; HAProxy takes it back
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().with_name("haproxy.cfg")
COOKIE = "SRV"  # the cookie HAProxy inserts (tracker/haproxy.cfg: `cookie SRV insert ...`)
STREAMLIT_OPTIONS = ("--server.headless", "true", "--server.fileWatcherType", "none",
                     "--server.runOnSave", "false", "--browser.gatherUsageStats", "false")


def haproxy_binary() -> str:
    """The haproxy to run: $HAPROXY, else the one on PATH, else Debian's /usr/sbin/haproxy."""
    return os.environ.get("HAPROXY") or shutil.which("haproxy") or "/usr/sbin/haproxy"


def haproxy_version(binary: str | None = None) -> str:
    """`2.6.12-1+deb12u4` (Debian 12's), from `haproxy -v`."""
    out = subprocess.run([binary or haproxy_binary(), "-v"], capture_output=True, text=True, check=True).stdout
    return out.split()[2]


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _stop_group(proc: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 10.0) -> None:
    """Send `sig` to the process group of `proc` (started with start_new_session) and reap it;
    SIGKILL if it is still there after `grace` seconds."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=grace)


@dataclass
class Replica:
    """One `python -m tracker serve` process: replica `index` is the proxy's server `r<index>`,
    and `r<index>` is the value of the SRV cookie of the browsers it holds."""
    index: int
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    starts: int = 0
    started_at: float = 0.0  # time.monotonic() of the last start

    @property
    def name(self) -> str:
        return f"r{self.index}"

    @property
    def url(self) -> str:
        """The replica itself, bypassing the proxy."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def healthy(self) -> bool:
        return self.alive() and _get(f"{self.url}/_stcore/health") == 200


@dataclass
class Cluster:
    """N replicas of the dashboard and one HAProxy in front of them (tracker/haproxy.cfg)."""
    n: int = 2                             # how many replicas
    data_dir: Path | str | None = None
    port: int = 0                          # the proxy's port; 0: a free one
    address: str = "127.0.0.1"             # the proxy's address (0.0.0.0: every interface)
    work_dir: Path | str | None = None     # config, stats socket, logs; None: a temporary folder
    options: tuple[str, ...] = ()          # more `streamlit run` options for every replica
    timeout: float = 90.0                  # to wait for a replica or the proxy to answer
    haproxy: str = field(default_factory=haproxy_binary)
    replicas: list[Replica] = field(default_factory=list, init=False)
    proxy: subprocess.Popen | None = field(default=None, init=False)
    _own_work_dir: bool = field(default=False, init=False)
    _socket_dir: Path | None = field(default=None, init=False)

    # -- where things are -------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The proxy: the address every browser uses."""
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    @property
    def config_file(self) -> Path:
        return Path(self.work_dir) / "haproxy.cfg"

    @property
    def stats_socket(self) -> Path:
        """HAProxy's admin socket (a Unix socket's path holds at most 107 bytes: a long work
        folder's goes into a short temporary folder of its own)."""
        path = Path(self.work_dir) / "haproxy.sock"
        if len(str(path).encode()) > 100:
            if self._socket_dir is None:
                self._socket_dir = Path(tempfile.mkdtemp(prefix="tracker-haproxy-"))
            path = self._socket_dir / "haproxy.sock"
        return path

    @property
    def proxy_log(self) -> Path:
        return Path(self.work_dir) / "haproxy.log"

    def replica_of(self, cookie_value: str) -> Replica:
        """The replica that the SRV cookie value `r<i>` names."""
        return next(r for r in self.replicas if r.name == cookie_value)

    # -- starting and stopping --------------------------------------------------------------
    def start(self) -> Cluster:
        if self.n < 1:
            raise ValueError("at least one replica")
        if not Path(self.haproxy).exists() and not shutil.which(self.haproxy):
            raise FileNotFoundError(f"no haproxy at {self.haproxy}: run `make proxy` (apt-get install haproxy)")
        given = Path(self.data_dir or os.environ.get("TRACKER_DATA_DIR") or ROOT / "data").absolute()
        data = given.resolve()
        if not data.is_dir():
            raise FileNotFoundError(f"{data}: no such data folder")
        self.data_dir = given  # a link stays a link: flipped to a later folder, the replicas serve it
        if self.work_dir is None:
            self.work_dir = Path(tempfile.mkdtemp(prefix="tracker-hosting-"))
            self._own_work_dir = True
        self.work_dir = Path(self.work_dir).resolve()
        if self.work_dir == data or data in self.work_dir.parents:
            raise ValueError(f"the work folder {self.work_dir} is inside the data folder {data}")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port()
        try:
            for i in range(self.n):
                port = free_port()
                self.replicas.append(Replica(i, port, self.work_dir / f"replica-r{i}.log"))
            for r in self.replicas:  # all at once: they load their data side by side
                self._spawn(r)
            for r in self.replicas:
                self._wait_healthy(r)
            self.config_file.write_text(self.config_text(), encoding="utf-8")
            self._start_proxy()
        except BaseException:
            self.stop()
            raise
        return self

    def config_text(self) -> str:
        """tracker/haproxy.cfg with its fields filled in for this cluster."""
        servers = "\n".join(f"    server {r.name} 127.0.0.1:{r.port} cookie {r.name}" for r in self.replicas)
        return (TEMPLATE.read_text(encoding="utf-8")
                .replace("{{bind}}", f"{self.address}:{self.port}")
                .replace("{{stats_socket}}", str(self.stats_socket))
                .replace("{{servers}}", servers))

    def _spawn(self, r: Replica) -> None:
        env = dict(os.environ, TRACKER_DATA_DIR=str(self.data_dir), PYTHONUNBUFFERED="1")
        cmd = [sys.executable, "-m", "tracker", "serve", "--server.port", str(r.port),
               "--server.address", "127.0.0.1", *STREAMLIT_OPTIONS, *self.options]
        with open(r.log, "ab") as out:
            r.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        r.starts += 1
        r.started_at = time.monotonic()

    def _wait_healthy(self, r: Replica) -> None:
        deadline = time.monotonic() + self.timeout
        while not r.healthy():
            if not r.alive():
                raise RuntimeError(f"replica {r.name} exited with {r.proc.returncode}:\n{_tail(r.log)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"replica {r.name} did not answer /_stcore/health within "
                                   f"{self.timeout}s:\n{_tail(r.log)}")
            time.sleep(0.1)  # polling interval of the health check

    def _start_proxy(self) -> None:
        check = subprocess.run([self.haproxy, "-c", "-f", str(self.config_file)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy refused {self.config_file}:\n{check.stdout}{check.stderr}")
        with open(self.proxy_log, "ab") as out:
            # -db: stay in the foreground, no daemon; SIGTERM stops it.
            self.proxy = subprocess.Popen([self.haproxy, "-db", "-f", str(self.config_file)],
                                          stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.proxy.poll() is not None:
                raise RuntimeError(f"haproxy exited with {self.proxy.returncode}:\n{_tail(self.proxy_log)}")
            if self.stats_socket.exists() and _get(f"{self.url}/_stcore/health") == 200:
                states = self.server_states()
                if states and all(s == "UP" for s in states.values()):
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"haproxy did not answer on {self.url} within {self.timeout}s:\n"
                                   f"{_tail(self.proxy_log)}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the proxy, then every replica (SIGTERM, SIGKILL after 10 s); remove the work
        folder if this cluster made it."""
        if self.proxy is not None:
            _stop_group(self.proxy)
        for r in self.replicas:
            if r.proc is not None:
                _stop_group(r.proc)
        if self._own_work_dir and self.work_dir and Path(self.work_dir).exists():
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self._own_work_dir = False
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- failures and repairs ---------------------------------------------------------------
    def kill(self, index: int, sig: int = signal.SIGKILL) -> Replica:
        """Send `sig` (SIGKILL: a crash) to replica `index`'s process group and reap it."""
        r = self.replicas[index]
        if r.proc is not None and r.proc.poll() is None:
            os.killpg(r.proc.pid, sig)
            if sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
                r.proc.wait(timeout=30)
        return r

    def restart(self, index: int, wait: bool = True) -> Replica:
        """Start replica `index` again on its port (stopping it first if it still runs); with
        `wait`, return once HAProxy has it UP again."""
        r = self.replicas[index]
        if r.proc is not None and r.proc.poll() is None:
            _stop_group(r.proc)
        self._spawn(r)
        if wait:
            self._wait_healthy(r)
            self.wait_server_state(r.name, "UP")
        return r

    # -- what the proxy sees ----------------------------------------------------------------
    def admin(self, command: str) -> str:
        """One command on HAProxy's stats socket (`show stat`, `show servers state`, ...)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.stats_socket))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_states(self) -> dict[str, str]:
        """Replica name -> its state in HAProxy: UP, DOWN, "UP 1/2" (going down), ..."""
        try:
            lines = self.admin("show stat").splitlines()
        except OSError:
            return {}
        if not lines:
            return {}
        head = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(head, line.split(","))) for line in lines[1:] if line]
        return {row["svname"]: row["status"] for row in rows
                if row.get("pxname") == "replicas" and row.get("svname") not in ("FRONTEND", "BACKEND")}

    def wait_server_state(self, name: str, state: str, timeout: float | None = None) -> float:
        """Wait until HAProxy reports server `name` in `state` (UP or DOWN); the seconds waited."""
        start = time.monotonic()
        deadline = start + (self.timeout if timeout is None else timeout)
        while self.server_states().get(name) != state:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} is {self.server_states().get(name)}, not {state}")
            time.sleep(0.05)
        return time.monotonic() - start

    # -- the command line -------------------------------------------------------------------
    def supervise(self, restart: bool = True, out=sys.stdout) -> int:
        """Watch the processes until the proxy exits (returns its exit code) or the caller is
        interrupted; restart a replica that died (HAProxy has taken it out meanwhile)."""
        while True:
            if self.proxy is not None and self.proxy.poll() is not None:
                print(f"haproxy exited with {self.proxy.returncode}; see {self.proxy_log}", file=out, flush=True)
                return self.proxy.returncode or 1
            for r in self.replicas:
                # at most one start every 5 s: a replica that cannot start does not spin
                if not r.alive() and restart and time.monotonic() - r.started_at > 5:
                    print(f"replica {r.name} (port {r.port}) exited with {r.proc.returncode}; restarting it",
                          file=out, flush=True)
                    try:
                        self.restart(r.index, wait=False)
                    except OSError as e:
                        print(f"could not restart {r.name}: {e}", file=out, flush=True)
            time.sleep(0.5)


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker.hosting", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", "-n", type=int, default=2, help="how many replicas (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="the proxy's address (default 127.0.0.1; 0.0.0.0 for every interface)")
    parser.add_argument("--data", default=None,
                        help="the data folder every replica reads (default: $TRACKER_DATA_DIR or data/)")
    parser.add_argument("--work-dir", default=None,
                        help="where the HAProxy config, its socket and the logs go (default: a temporary folder)")
    parser.add_argument("--no-restart", action="store_true", help="leave a replica that dies down")
    args, streamlit_options = parser.parse_known_args(argv)

    def terminate(signum, frame):  # SIGTERM, SIGHUP, and SIGINT even if started ignoring it: stop
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, terminate)
    cluster = Cluster(args.replicas, args.data, port=args.port, address=args.address,
                      work_dir=args.work_dir, options=tuple(streamlit_options))
    try:
        print(f"Starting {args.replicas} replica{'s' if args.replicas != 1 else ''} and HAProxy "
              f"{haproxy_version(cluster.haproxy)}…", flush=True)
        cluster.start()
        for r in cluster.replicas:
            print(f"  replica {r.name}: {r.url} (pid {r.pid}, log {r.log})", flush=True)
        print(f"  proxy config: {cluster.config_file}, log {cluster.proxy_log}", flush=True)
        print(f"Serving {cluster.data_dir} at {cluster.url}  (Ctrl-C stops)", flush=True)
        return cluster.supervise(restart=not args.no_restart)
    except KeyboardInterrupt:
        print("Stopping…", flush=True)
        return 0
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # a second Ctrl-C does not cut the stop short
            signal.signal(sig, signal.SIG_IGN)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
