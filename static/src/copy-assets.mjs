// Copies the GOV.UK Frontend files the pages load into static/dist (fonts are left out on purpose).
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk";
const to = "static/dist/govuk";
mkdirSync(to, { recursive: true });
cpSync(`${from}/govuk-frontend.min.js`, `${to}/govuk-frontend.min.js`);
cpSync(`${from}/assets/images`, `${to}/assets/images`, { recursive: true });
cpSync(`${from}/assets/manifest.json`, `${to}/assets/manifest.json`);
// htmx: report pages poll a run's status without reloading.
cpSync("node_modules/htmx.org/dist/htmx.min.js", "static/dist/htmx.min.js");
// Our own icon: the GOV.UK crown and favicon are for gov.uk services only.
cpSync("static/src/favicon.svg", "static/dist/favicon.svg");
