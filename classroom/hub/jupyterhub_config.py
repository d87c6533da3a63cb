"""JupyterHub configuration for the course on one machine: ``./course hub``, the load test and
the hub test use it (see classroom/GUIDE.md, "Running it on a JupyterHub").

It binds to 127.0.0.1 only, lets anyone with the shared password in, and starts every learner's
server as the same system user (the simple local spawner), which enforces no memory or CPU
limit: it is for trying the course and for measuring it. A real class runs The Littlest
JupyterHub (``tljh.sh``) or Zero to JupyterHub (``z2jh-config.yaml``), which have real accounts
and limits. Everything is set through ``COURSE_HUB_*`` variables (``course.hub_environment``):

- ``VENV``: the environment of the hub and of the learners' servers (``.venv-hub``);
- ``STATE``: folder of the database, cookie secret, learners' homes and shared data cache;
- ``PORT``, ``PASSWORD``, ``PROXY`` (the configurable-http-proxy executable);
- ``API_PORT``, ``HUB_PORT``: the proxy's API and the hub's own port (0 or unset: defaults);
- ``CULL_TIMEOUT``, ``CULL_EVERY``: the idle culler stops a server idle that many seconds;
- ``KERNEL_CULL``: a kernel idle (and not connected) that many seconds is shut down;
- ``ACTIVITY``: how often, in seconds, servers and the proxy report activity;
- ``THREADS``: ``OMP_NUM_THREADS`` and friends in every kernel (the per-user CPU limit).
"""

# ruff: noqa: F821  (``c`` and ``get_config`` are given by JupyterHub)
from __future__ import annotations

import os
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821
env = os.environ
venv = Path(env["COURSE_HUB_VENV"])
state = Path(env["COURSE_HUB_STATE"])
bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
activity = int(env.get("COURSE_HUB_ACTIVITY", "300"))
threads = env.get("COURSE_HUB_THREADS", "2")

# Loopback only: the public side (the proxy), the hub itself and every single-user server.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(env.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
if int(env.get("COURSE_HUB_HUB_PORT", "0")):
    c.JupyterHub.hub_port = int(env["COURSE_HUB_HUB_PORT"])
if int(env.get("COURSE_HUB_API_PORT", "0")):
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['COURSE_HUB_API_PORT']}"
c.ConfigurableHTTPProxy.command = [env["COURSE_HUB_PROXY"]]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.last_activity_interval = activity
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# One shared password (8+ characters), any user name. For a real class: see the guide.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env["COURSE_HUB_PASSWORD"]
c.Authenticator.allow_all = True

# Every learner's server runs from the hub environment, with a home folder of its own.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # under load a spawn took 25 s on 2 cores
c.Spawner.http_timeout = 120
kernel_cull = env.get("COURSE_HUB_KERNEL_CULL", "1200")
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={kernel_cull}",
    f"--MappingKernelManager.cull_interval={min(int(kernel_cull), 300)}",
    *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
]
# JupyterHub passes almost no environment to a server: say which Python and how many threads.
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(bin_dir), "/usr/local/bin", "/usr/bin", "/bin"]),
    "VIRTUAL_ENV": str(venv),
    "EMBEDDINGS_COURSE_CACHE": str(state / "shared-cache"),
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity),
    **{
        name: threads
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    },
}

# The idle culler: stops a server nobody has used for CULL_TIMEOUT seconds (its memory is freed).
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            str(bin_dir / "python"),
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={env.get('COURSE_HUB_CULL_TIMEOUT', '3600')}",
            f"--cull-every={env.get('COURSE_HUB_CULL_EVERY', '300')}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
