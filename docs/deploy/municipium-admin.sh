#!/bin/sh
# Install as /usr/local/sbin/municipium. Runs a `municipium` command as the service user with
# the installation's configuration, e.g. `sudo municipium migrate`.
set -eu
set -a
. /etc/municipium/municipium.env
set +a
cd /var/lib/municipium
exec runuser -u municipium -- /srv/municipium/venv/bin/municipium "$@"
