# syntax=docker/dockerfile:1
# Production image of the Node server (functions/node.ts). See docs/operations.md.
#
#   docker build -t serverless-redis-exporter \
#     --build-arg COMMIT_SHA="$(git rev-parse HEAD)" --build-arg BUILD_DATE="$(date -u +%FT%TZ)" .
#   docker run --rm -p 9121:9121 -e REDIS_ADDR=rediss://my-cache:6379 serverless-redis-exporter
#
# Docker is not needed to test it: test/ops/production-install.test.ts reads this file and does what
# the runtime stage does (copies the same files into an empty folder, runs CMD as USER, runs the
# HEALTHCHECK command) against a redis-server it starts.

ARG NODE_VERSION=22

# ---- build: dev dependencies (esbuild) and the sources; only dist/node.mjs leaves this stage ----
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/
COPY lib lib
COPY functions functions
# One file: esbuild bundles every dependency (ioredis, hono, prom-client…) into dist/node.mjs, so
# the runtime stage needs no node_modules and no npm.
RUN npm run build -- node

# ---- runtime: Node and one bundle, as an unprivileged user ----
FROM node:${NODE_VERSION}-slim AS runtime
ARG COMMIT_SHA=""
ARG BUILD_DATE=""
LABEL org.opencontainers.image.title="serverless-redis-exporter" \
      org.opencontainers.image.description="Prometheus exporter for Redis and Valkey, redis_exporter-compatible" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.revision="${COMMIT_SHA}" \
      org.opencontainers.image.created="${BUILD_DATE}"
ENV NODE_ENV=production \
    REDIS_EXPORTER_WEB_LISTEN_ADDRESS=0.0.0.0:9121 \
    REDIS_EXPORTER_COMMIT_SHA=${COMMIT_SHA} \
    REDIS_EXPORTER_BUILD_DATE=${BUILD_DATE}
WORKDIR /app
COPY --from=build /src/dist/node.mjs dist/node.mjs
COPY ops/docker/healthcheck.mjs healthcheck.mjs
# The `node` user of the official image, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 9121
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "healthcheck.mjs"]
# Node handles SIGTERM itself (functions/node.ts closes the server and the Redis connections), so
# it can run as PID 1 without an init. An ENTRYPOINT, as redis_exporter's image has: arguments of
# `docker run IMAGE -redis.addr …` are its flags.
ENTRYPOINT ["node", "dist/node.mjs"]
