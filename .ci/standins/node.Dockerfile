# CI-only stand-in for node:20-alpine, from Debian's nodejs and npm. The sample publisher runs
# `npm ci` when it starts, so this image — which never ships — trusts the build machine's extra
# certificate authorities (the `extra-ca` build context) for the package registry.
ARG BASE_IMAGE=moderation-ci/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm ca-certificates >/dev/null \
    && rm -rf /var/lib/apt/lists/*
COPY --from=extra-ca . /usr/local/share/ca-certificates/
RUN cat /usr/local/share/ca-certificates/*.crt > /etc/ssl/certs/ci-extra-ca.pem
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ci-extra-ca.pem
