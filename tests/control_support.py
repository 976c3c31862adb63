"""A stand-in for a running dashboard: a process that holds the database with its control worker running.

Start it with `subprocess.Popen([sys.executable, "-c", HOLDER.format(repo=..., db=...)], stdout=PIPE, text=True)`
and read its "ready" line before using the database."""
import textwrap

HOLDER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from safetyboard.store import Store
    from safetyboard.control import start_worker
    store = Store({db!r})
    start_worker(store)
    print("ready", flush=True)
    time.sleep(600)
""")
