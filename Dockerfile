# One image for the four Sunshine services; the compose file and k8s/ pick the service with
# `npm run start:<service>`. Node 20 as in package.json "engines".
FROM node:20.20-bookworm-slim

WORKDIR /app

# Dependencies first, so that a source change does not reinstall them. Runtime dependencies
# only: tsx runs the TypeScript sources directly (esbuild), so there is no build step.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps

ENV NODE_ENV=production \
    PORT=3000 \
    SUNSHINE_DATA_DIR=/app/data
RUN mkdir -p /app/data && chown node:node /app/data
USER node

EXPOSE 3000
# /health is liveness only; orchestrators use /ready to decide whether to send traffic.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["npm", "start"]
