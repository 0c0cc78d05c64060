#!/usr/bin/env bash
# Compiles GOV.UK Frontend's Sass with the service's asset path and copies the fonts, images and JS
# that the pages use into static/ (generated, ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/govuk-frontend/dist/govuk
mkdir -p static/build static/govuk
npx --no-install sass --no-source-map --quiet-deps --silence-deprecation=import --load-path=node_modules \
  --style=compressed static/src/application.scss static/build/application.css
rm -rf static/govuk/assets
cp -R "$src/assets" static/govuk/assets
cp "$src/govuk-frontend.min.js" static/govuk/govuk-frontend.min.js
