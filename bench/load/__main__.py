"""The service under load over HTTP, page by page, against two reference routes.

    .venv/bin/python -m bench.load --scale demo --database sqlite --seconds 10 --connections 8 --json out.json

Seeds a fresh database (the demo, or `--scale national`), serves it with gunicorn (2 workers,
loopback) beside the reference app (reference_app.py), signs each role in and runs wrk at fixed
connections for a fixed time on each page in turn. The empty GOV.UK page is measured before and
after the service's pages, and each page's throughput is given as a ratio of it. Every response
is checked to be the page (page.lua); anything else is an error, so a run that lost its session
shows errors, not speed.
"""

import argparse
import json
import statistics
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.bench_pages import database
from bench.load import after_change, servers
from bench.load import pages as page_specs
from bench.load.wrk import run, wrk_binary


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["demo", "national"], default="demo")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=10, help="per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--las", type=int, default=150, help="national scale only")
    parser.add_argument("--schools", type=int, default=21000, help="national scale only (140 per LA)")
    parser.add_argument("--years", type=int, default=3, help="national scale only: years of the programme")
    parser.add_argument("--only", action="append", default=[], help="measure only pages with this name (repeatable)")
    parser.add_argument("--changes", type=int, default=5,
                        help="rounds of reopen and submit before timing the network page (0: none)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    return parser.parse_args(argv)


@contextmanager
def fresh_database(kind: str, workdir: Path):
    """A SQLite file in the run's own folder, or a database in a throwaway PostgreSQL cluster."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'load.sqlite'}"
        return
    with database(postgres=True) as url:
        yield url


def measure(service_url: str | None, reference_url: str, pages: list, *, seconds: int, connections: int) -> dict:
    """The references, the pages, then the empty GOV.UK page again: drift shows as two figures."""
    bare, empty = page_specs.reference_pages()
    references = [run(reference_url, bare, seconds=seconds, connections=connections),
                  run(reference_url, empty, seconds=seconds, connections=connections)]
    results = [run(service_url, page, seconds=seconds, connections=connections) for page in pages]
    references.append(run(reference_url, empty, seconds=seconds, connections=connections))
    empty_rps = statistics.mean(r.requests_per_second for r in references if r.page == empty.name)
    for result in references + results:
        result.ratio_to_empty_page = round(result.requests_per_second / empty_rps, 3) if empty_rps else None
    return {"empty_page_requests_per_second": round(empty_rps, 1),
            "references": [r.as_dict() for r in references], "pages": [r.as_dict() for r in results]}


def table(results: list[dict]) -> str:
    lines = [f"{'role':<10}{'page':<28}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
             f"{'errors':>8}{'bytes':>9}{'x empty':>9}"]
    for r in results:
        lines.append(f"{r['role']:<10}{r['page'][:27]:<28}{r['requests_per_second']:>8.0f}{r['p50_ms']:>8.1f}"
                     f"{r['p95_ms']:>8.1f}{r['p99_ms']:>8.1f}{r['errors']:>8}{r['bytes_per_response']:>9}"
                     f"{r['ratio_to_empty_page']:>9.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    args = arguments(argv)
    wrk_binary()  # fail before seeding if it is missing
    with (tempfile.TemporaryDirectory(prefix="send-triads-load-") as folder,
          fresh_database(args.database, Path(folder)) as url):
        workdir = Path(folder)
        print(f"Seeding {args.scale} scale on {args.database} ...", flush=True)
        servers.seed(url, args.scale, las=args.las, schools=args.schools, years=args.years)
        with (servers.gunicorn("service", "wsgi:app", servers.service_environment(url), workdir) as service,
              servers.gunicorn("reference", "bench.load.reference_app:app", servers.service_environment(url),
                               workdir) as reference):
            pages = page_specs.resolve(service.base_url, args.scale)
            if args.only:
                pages = [page for page in pages if page.name in args.only]
                if not pages:
                    raise SystemExit(f"no page named {args.only}")
            print(f"{len(pages)} pages and 3 reference runs, {args.seconds} s each at "
                  f"{args.connections} connections", flush=True)
            report = measure(service.base_url, reference.base_url, pages,
                             seconds=args.seconds, connections=args.connections)
            if args.changes:
                report["network_after_change"] = after_change.measure(service.base_url, args.changes)
            report["peak_memory_mb_per_worker"] = {"service": service.peak_memory_mb(),
                                                   "reference": reference.peak_memory_mb()}
            errors_logged = [line for line in service.log.read_text(errors="replace").splitlines()
                             if "Traceback" in line or "[ERROR]" in line]
    report["settings"] = {"scale": args.scale, "database": args.database, "seconds": args.seconds,
                          "connections": args.connections, "workers": 2, "app_env": "development",
                          "client": "wrk"}
    report["server_errors_logged"] = len(errors_logged)
    print(table(report["references"] + report["pages"]))
    print(f"peak resident memory per worker (MB): service {report['peak_memory_mb_per_worker']['service']}, "
          f"reference {report['peak_memory_mb_per_worker']['reference']}; server errors logged: {len(errors_logged)}")
    if "network_after_change" in report:
        after = report["network_after_change"]
        print(f"network page after {after['changes']} changes (reopen, submit), one request at a time: first "
              f"after each change p50 {after['first_after_change_ms']['p50']} ms, max "
              f"{after['first_after_change_ms']['max']} ms; later reads p50 {after['later_reads_ms']['p50']} ms")
    if errors_logged:
        print("\n".join(errors_logged[:20]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
