# One image for the Sunshine services. SERVICE picks the app (funds-service, projects-service,
# ledger-projector, alert-service, or sunshine for the one-process host); the compose file and
# k8s/ set it per container. Node 20 as in package.json "engines".
#
#   docker build -t sunshine:local .
#   docker run -e SERVICE=funds-service ... sunshine:local

# Build stage: the dashboard needs vite, a development dependency.
FROM node:20.20-bookworm-slim AS dashboard
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build:dashboard

FROM node:20.20-bookworm-slim
WORKDIR /app

# Runtime dependencies only: tsx (a runtime dependency) runs the TypeScript sources directly,
# so there is no compile step and every module the services load is in "dependencies".
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools/deploy/migrate.ts ./tools/deploy/migrate.ts
COPY --from=dashboard /build/apps/dashboard/dist ./apps/dashboard/dist

# The root filesystem may be read-only (k8s readOnlyRootFilesystem, compose read_only): tsx's
# compile cache and any other temporary file go to TMPDIR, a tmpfs or emptyDir at /tmp, and the
# embedded store of the one-process host to SUNSHINE_DATA_DIR, a volume.
ENV NODE_ENV=production \
    PORT=3000 \
    SERVICE=sunshine \
    TMPDIR=/tmp \
    SUNSHINE_DATA_DIR=/app/data
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
# The numeric id of the image's `node` user, so runAsNonRoot can check it.
USER 1000:1000

EXPOSE 3000
# /health is liveness only; orchestrators use /ready to decide whether to send traffic.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# `exec` replaces the shell, so node is PID 1 and receives SIGTERM itself (no npm in between);
# the services drain HTTP and close their pools on it.
STOPSIGNAL SIGTERM
CMD ["/bin/sh", "-c", "exec node --import tsx --import ./libs/platform/src/observability/preload.ts \"apps/${SERVICE}/src/main.ts\""]
