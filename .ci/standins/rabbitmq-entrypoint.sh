#!/bin/sh
# Debian's RabbitMQ reads one rabbitmq.conf: gather the image's defaults and every mounted
# conf.d file into it (later files win, as with conf.d), then run the broker in the foreground.
set -eu
conf=/etc/rabbitmq/rabbitmq.conf
{
  echo "loopback_users = none"
  echo "listeners.tcp.default = 5672"
  echo "log.console = true"
  echo "log.console.level = info"
  echo "log.file = false"
  [ -n "${RABBITMQ_DEFAULT_USER:-}" ] && echo "default_user = $RABBITMQ_DEFAULT_USER"
  [ -n "${RABBITMQ_DEFAULT_PASS:-}" ] && echo "default_pass = $RABBITMQ_DEFAULT_PASS"
  for f in /etc/rabbitmq/conf.d/*.conf; do [ -f "$f" ] && cat "$f" && echo; done
} > "$conf"
chown rabbitmq:rabbitmq "$conf" /var/lib/rabbitmq
exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups env HOME=/var/lib/rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
