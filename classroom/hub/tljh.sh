#!/usr/bin/env bash
# The Littlest JupyterHub (one Ubuntu server) for the course: run as root on a fresh server, from
# a clone of the repository (see classroom/GUIDE.md, "Running it on a JupyterHub"). The limits
# come from the course's measurements: kernels peak at up to about 970 MB (06, 07) and a server
# adds about 145 MB, so 2 GB per user (one kernel at a time: idle kernels are culled); a class
# doing Run All together needs about a core each.
set -euo pipefail
COURSE="$(cd "$(dirname "$0")/../.." && pwd)"
TEACHER="${1:?usage: tljh.sh TEACHER-ADMIN-NAME}"

# 1. TLJH itself (installs JupyterHub, the proxy, the idle culler and nbgitpuller).
curl -L https://tljh.jupyter.org/bootstrap.py | python3 - --admin "$TEACHER"

# 2. The course in the learners' environment: the hashed learner lock and the package.
/opt/tljh/user/bin/python -m pip install --require-hashes -r "$COURSE/requirements/learner.txt"
/opt/tljh/user/bin/python -m pip install --no-deps "$COURSE"
/opt/tljh/user/bin/python -m pip install nbgitpuller   # kept if TLJH already has it

# 3. One shared data cache, built once, read by every learner.
mkdir -p /srv/embeddings-course-cache
EMBEDDINGS_COURSE_CACHE=/srv/embeddings-course-cache /opt/tljh/user/bin/python -c \
  "from helpers.text import wikipedia_sentences; from helpers.vectors import glove_words; wikipedia_sentences(); glove_words()"
chmod -R a+rX /srv/embeddings-course-cache

# 4. Limits per user and the idle culler (a server idle an hour is stopped).
tljh-config set limits.memory 2G
tljh-config set limits.cpu 2
tljh-config set services.cull.enabled true
tljh-config set services.cull.timeout 3600
tljh-config set services.cull.every 300
# For a real class choose the login here (see the guide), e.g. the default
# firstuseauthenticator, nativeauthenticator or an OAuthenticator:
#   tljh-config set auth.type oauthenticator.github.GitHubOAuthenticator

# 5. What tljh-config cannot set: threads, the shared cache and kernel culling.
cat > /opt/tljh/config/jupyterhub_config.d/embeddings-course.py <<'PY'
c.Spawner.environment.update({
    "OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2", "MKL_NUM_THREADS": "2",
    "EMBEDDINGS_COURSE_CACHE": "/srv/embeddings-course-cache",
})
c.Spawner.args.extend(["--MappingKernelManager.cull_idle_timeout=1200",
                      "--MappingKernelManager.cull_interval=300"])
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 120
PY
tljh-config reload
