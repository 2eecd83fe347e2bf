# CI-only stand-in for rabbitmq:3.13-management, from Debian's rabbitmq-server (3.10) with the
# management plugin. It honours what docker-compose.yml and Testcontainers rely on: config files
# mounted in /etc/rabbitmq/conf.d, definitions loaded from there, RABBITMQ_DEFAULT_USER/PASS,
# logs on the console ("Server startup complete"), rabbitmq-diagnostics for the health check.
ARG BASE_IMAGE=moderation-ci/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    && rabbitmq-plugins enable --offline rabbitmq_management >/dev/null \
    && install -d -o rabbitmq -g rabbitmq /etc/rabbitmq/conf.d
COPY rabbitmq-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
EXPOSE 5672 15672
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
