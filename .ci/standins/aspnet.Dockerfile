# CI-only stand-in for mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled, as strict as it: only the
# ASP.NET runtime and the libraries it loads, no shell or package manager, non-root user app (uid 1654),
# nothing writable by that user but /tmp. Assembled on the local Debian base, shipped FROM scratch.
ARG BASE_IMAGE=moderation-ci/debian:bookworm
ARG SDK_IMAGE=moderation-ci/dotnet-sdk:10.0
FROM ${SDK_IMAGE} AS dotnet

FROM ${BASE_IMAGE} AS assemble
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates libssl3 >/dev/null
COPY --from=dotnet /usr/share/dotnet /opt/dotnet
RUN set -e; r=/rootfs; mkdir -p $r/usr/bin $r/usr/lib $r/usr/lib64 $r/usr/share/dotnet/shared $r/etc/ssl/certs $r/home/app; \
    for d in bin lib lib64 sbin; do ln -s usr/$d $r/$d; done; mkdir -p $r/usr/sbin; \
    for p in libc6 libgcc-s1 libstdc++6 libssl3 zlib1g; do \
      dpkg -L $p | while read -r f; do if [ -f "$f" ] && [ ! -d "$f" ]; then cp -a --parents "$f" $r/ 2>/dev/null || cp -aL --parents "$f" $r/; fi; done; \
    done; \
    rm -rf $r/usr/bin/* $r/usr/sbin/* $r/usr/share/doc $r/usr/share/man $r/usr/share/locale $r/usr/share/lintian; \
    cp /etc/ssl/certs/ca-certificates.crt $r/etc/ssl/certs/; \
    cp -a /opt/dotnet/dotnet /opt/dotnet/host /opt/dotnet/LICENSE.txt /opt/dotnet/ThirdPartyNotices.txt $r/usr/share/dotnet/; \
    cp -a /opt/dotnet/shared/Microsoft.NETCore.App /opt/dotnet/shared/Microsoft.AspNetCore.App $r/usr/share/dotnet/shared/; \
    ln -s /usr/share/dotnet/dotnet $r/usr/bin/dotnet; \
    printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n' > $r/etc/passwd; \
    printf 'root:x:0:\napp:x:1654:\n' > $r/etc/group; \
    mkdir -m 1777 $r/tmp

FROM scratch
COPY --from=assemble /rootfs /
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true \
    PATH=/usr/bin
USER 1654
