// Enhancements only: every task works without JavaScript. GOV.UK Frontend's components (the
// navigation's menu button, character counts, error summary focus, details) start here.
import { initAll } from "./govuk-frontend.min.js";

initAll();
