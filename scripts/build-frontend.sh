#!/usr/bin/env bash
# Compiles GOV.UK Frontend's Sass (Arial, no GDS Transport font, no crown or crest) and copies the one file the pages
# use from the package, its JavaScript, into static/govuk/ (generated, ignored by git). The service's own favicon and
# icons are committed under static/images/; no Frontend font or image is copied.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/govuk-frontend/dist/govuk
mkdir -p static/build static/govuk
npx --no-install sass --no-source-map --quiet-deps --silence-deprecation=import --load-path=node_modules \
  --style=compressed static/src/application.scss static/build/application.css
# Fonts and images copied by earlier versions of this script must not linger to be served.
rm -rf static/govuk/assets
cp "$src/govuk-frontend.min.js" static/govuk/govuk-frontend.min.js
