# CI-only stand-in for mcr.microsoft.com/dotnet/sdk:10.0 where no registry can be reached: the
# build machine's own .NET install (the build context) on the local Debian base image.
ARG BASE_IMAGE=moderation-ci/debian:bookworm
FROM ${BASE_IMAGE}
# What the official SDK image has and the SDK loads: OpenSSL, the CA bundle, ICU.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates libssl3 libicu72 >/dev/null \
    && rm -rf /var/lib/apt/lists/*
COPY . /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
