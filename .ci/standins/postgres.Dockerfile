# CI-only stand-in for postgres:15, from Debian's postgresql-15. It honours what docker-compose.yml
# and Testcontainers rely on: POSTGRES_DB/USER/PASSWORD on first start, data in
# /var/lib/postgresql/data, password logins over TCP, pg_isready on the PATH, `-c name=value` arguments.
ARG BASE_IMAGE=moderation-ci/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o postgres -g postgres -m 2775 /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
