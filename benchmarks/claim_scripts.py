#!/usr/bin/env python3
"""Redis CPU of the claim scripts against GETDEL, by INFO commandstats, pipelined from one client.

Compares, on the same server and values: a GETDEL; the claim script of release 0.1 (decoded and
rewrote the JSON in Lua; kept as store-redis/src/test/resources/.../claim-0.1.lua); the current
claim script (store-redis/src/main/resources/.../claim.lua) plus the MGET the store sends after it
for a value over 2 KiB. The value is put back before each operation with COPY from a source key
(not counted). Pipelining keeps the client's own pauses out of the server's numbers; the Java
harness (run.sh claim-cost) measures the store as it is used, one request at a time.

Usage, against a Redis of your own (it reads the server-wide counters):
  redis-server --port 6390 --save "" --appendonly no --daemonize yes
  python3 benchmarks/claim_scripts.py --port 6390 [--rounds 2]
Standard library only: it speaks RESP over a socket.
"""
import argparse
import os
import socket
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "store-redis", "src")
OLD = os.path.join(SCRIPTS, "test", "resources", "dev", "parkinglot", "store", "redis", "claim-0.1.lua")
NEW = os.path.join(SCRIPTS, "main", "resources", "dev", "parkinglot", "store", "redis", "claim.lua")
INLINE_MAX = 2048


class Redis:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    @staticmethod
    def encode(args):
        out = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            out += [b"$%d\r\n" % len(data), data, b"\r\n"]
        return b"".join(out)

    def read(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.file.read(n + 2)[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("unexpected reply %r" % line)

    def pipe(self, commands):
        self.sock.sendall(b"".join(self.encode(c) for c in commands))
        return [self.read() for _ in commands]

    def cmd(self, *args):
        return self.pipe([args])[0]

    def stats(self):
        stats = {}
        for line in self.cmd("INFO", "commandstats").decode().splitlines():
            if line.startswith("cmdstat_"):
                name, fields = line[8:].split(":", 1)
                values = dict(f.split("=") for f in fields.split(","))
                stats[name] = (int(values["calls"]), int(values["usec"]))
        return stats


def value(size, now):
    head = ('{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",'
            '"traceFlags":1,"parkedAt":%d,"ttlMs":86400000' % now)
    pad = size - len(head) - 10
    return (head + "}" if pad <= 0 else head + ',"pad":"' + "x" * pad + '"}').encode()


def measure(redis, size, count, operation, counted):
    redis.cmd("DEL", "bench:k", "bench:t", "bench:m")
    before = redis.stats()
    for start in range(0, count, 20):
        batch = []
        for _ in range(min(20, count - start)):
            batch.append(("COPY", "bench:src", "bench:k", "REPLACE"))
            batch += operation()
        redis.pipe(batch)
    after = redis.stats()
    usec = sum(after.get(c, (0, 0))[1] - before.get(c, (0, 0))[1] for c in counted)
    return usec / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=6379)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    redis = Redis(args.port)
    old = redis.cmd("SCRIPT", "LOAD", open(OLD, "rb").read()).decode()
    new = redis.cmd("SCRIPT", "LOAD", open(NEW, "rb").read()).decode()
    now = int(time.time() * 1000)
    until = now + 600000
    record = "1 %d %d 8000000000000001" % (now, until)
    print("load average: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    print("%-10s %5s %14s %14s %14s   (usec per operation, INFO commandstats)"
          % ("bytes", "round", "GETDEL", "0.1 script", "claim script"))
    for size, count in ((131, 3000), (1 << 20, 200), (10 << 20, 20)):
        redis.cmd("SET", "bench:src", value(size, now))
        for round_ in range(1, args.rounds + 1):
            getdel = measure(redis, size, count, lambda: [("GETDEL", "bench:k")], ["getdel"])
            previous = measure(redis, size, count, lambda: [(
                "EVALSHA", old, 1, "bench:k", now, now, until, 31622400000, 86400000, 316224000000)],
                ["evalsha"])
            follow_up = [("MGET", "bench:t", "bench:m")] if size > INLINE_MAX else []
            current = measure(redis, size, count, lambda: [(
                "EVALSHA", new, 3, "bench:k", "bench:t", "bench:m", record, 600000, INLINE_MAX)] + follow_up,
                ["evalsha", "mget"])
            print("%-10d %5d %14.2f %14.2f %14.2f" % (size, round_, getdel, previous, current))
    redis.cmd("DEL", "bench:src", "bench:k", "bench:t", "bench:m")


if __name__ == "__main__":
    main()
