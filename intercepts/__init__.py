"""intercepts: air-defence interception claims, from official statements to per-region facts."""

import os as _os
import sys as _sys

# Arrow's default allocator here (mimalloc) keeps the pages of freed buffers, so a long
# landing or extraction grew its resident memory with the number of documents although
# nothing stayed allocated (tracemalloc and pa.total_allocated_bytes() flat). Landing 300k
# generated documents: resident memory peaked at 275–279 MiB under mimalloc and 182–183
# MiB under the system allocator, at the same speed within noise. Arrow reads the variable
# once, when pyarrow is first imported (the Parquet reader and writer allocate from that
# pool whatever set_memory_pool says), so it is set here, before any module of ours imports
# pyarrow: every process running our code gets it, spawned extraction workers included
# (they import this package to unpickle their task, and inherit the variable). A value
# already set is kept.
_os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

# pyarrow imported before us already chose its pool: set the one pyarrow's own functions use
# (pyarrow is not imported here otherwise: `intercepts --help` need not load it, 40 ms)
_loaded = _sys.modules.get("pyarrow")
if _loaded is not None and _os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system":
    _loaded.set_memory_pool(_loaded.system_memory_pool())
