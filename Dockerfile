# paperbot: a static binary on distroless (CA certificates, no shell, user
# nonroot), the time-zone database compiled in, the store on a volume.
#
#   docker build -t paperbot .
#   docker run -d --name paperbot -v paperbot-data:/data \
#     -e PAPERBOT_TELEGRAM_TOKEN=123:abc paperbot
#
# docs/deploy.md has the rest: config, Slack, backups, upgrades, metrics.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The one build command: CI runs the same script, so CI proves this step.
RUN sh scripts/build.sh /out/paperbot
# The image's config turns the ops listener on, for the HEALTHCHECK and
# Prometheus. A config of your own mounted here replaces it: keep
# http.listen in it. /data is created here so a named volume starts out
# owned by nonroot.
RUN mkdir -p /out/etc /out/data \
 && printf '# paperbot in Docker: see docs/deploy.md\nhttp:\n  listen: ":9090"\n' > /out/etc/config.yaml

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/paperbot /paperbot
COPY --from=build /out/etc/config.yaml /etc/paperbot/config.yaml
COPY --from=build --chown=65532:65532 /out/data /data
ENV PAPERBOT_CONFIG=/etc/paperbot/config.yaml \
    PAPERBOT_DATA_DIR=/data
VOLUME /data
EXPOSE 9090
# nonroot, numeric so Kubernetes runAsNonRoot can check it.
USER 65532:65532
# No shell in the image: paperbot asks its own ops listener.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/paperbot", "health"]
ENTRYPOINT ["/paperbot"]
CMD ["serve"]
